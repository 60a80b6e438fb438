def log = new File(basedir, 'build.log').text
assert log.contains('Skipping logs because streambot.logs.skip is true')

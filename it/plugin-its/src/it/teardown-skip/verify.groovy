def log = new File(basedir, 'build.log').text
assert log.contains('Skipping teardown because streambot.teardown.skip is true')

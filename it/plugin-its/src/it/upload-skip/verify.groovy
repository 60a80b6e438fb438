def log = new File(basedir, 'build.log').text
assert log.contains('Skipping upload because streambot.upload.skip is set')

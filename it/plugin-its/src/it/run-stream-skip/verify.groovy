def log = new File(basedir, 'build.log').text
assert log.contains('Skipping streambot:run-stream because streambot.runStream.skip is true')
assert !new File(basedir, 'target').exists()

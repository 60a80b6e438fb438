def log = new File(basedir, 'build.log').text
assert log.contains('streambot-maven-plugin')
assert log.contains('streambot:help')

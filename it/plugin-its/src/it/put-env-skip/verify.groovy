def log = new File(basedir, 'build.log').text
assert log.contains('Skipping put-env because streambot.putEnv.skip is set')

def log = new File(basedir, 'build.log').text
assert log.contains("<file> (-Dstreambot.upload.file) = '" + new File(basedir, 'pom.xml').path + "' is not a zip")
assert log.contains('point <file> at a Lambda zip (streambot:bundle builds target/<finalName>-lambda.zip)')
assert !log.contains('Uploading')
assert !log.contains('127.0.0.1:9')

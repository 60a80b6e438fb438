def log = new File(basedir, 'build.log').text
assert log.contains('No Lambda bundle to upload')
assert log.contains('upload-no-bundle-1.0-lambda.zip does not exist')
assert log.contains('Run streambot:bundle first')
assert log.contains('<file> (-Dstreambot.upload.file)')

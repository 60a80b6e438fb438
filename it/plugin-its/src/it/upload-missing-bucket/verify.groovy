def log = new File(basedir, 'build.log').text
assert log.contains("<bucket> (-Dstreambot.bucket) is not set: name the S3 bucket that holds the function's code")
assert !log.contains('Uploading')

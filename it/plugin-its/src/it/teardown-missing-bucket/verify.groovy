def log = new File(basedir, 'build.log').text
assert log.contains("<bucket> (-Dstreambot.bucket) is not set, so the service's code objects cannot be found: set <bucket> to the code bucket, or keep the code with -Dstreambot.teardown.code=false")
assert !log.contains('127.0.0.1:9')

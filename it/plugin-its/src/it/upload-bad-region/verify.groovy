def log = new File(basedir, 'build.log').text
assert log.contains("<region> (-Dstreambot.region) = 'Europe-West' is not an AWS region name: use a region code such as eu-west-1")
assert !log.contains('Uploading')

def log = new File(basedir, 'build.log').text
assert log.contains("<parameters> (-Dstreambot.parameter.EventPrefx) = 'EventPrefx' names a parameter that")
assert log.contains('service.yaml does not declare: remove it or fix the spelling; declared: EventBucket, EventPrefix')
assert !log.contains('127.0.0.1:9')

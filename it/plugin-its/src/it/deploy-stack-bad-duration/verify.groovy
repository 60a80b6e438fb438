def log = new File(basedir, 'build.log').text
assert log.contains("<pollInterval> (-Dstreambot.pollInterval) = '0s' is zero: give a duration above zero, such as 90s, 5m, 1h or PT10M")
assert !log.contains('127.0.0.1:9')

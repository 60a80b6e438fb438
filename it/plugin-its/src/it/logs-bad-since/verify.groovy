def log = new File(basedir, 'build.log').text
assert log.contains("<since> (-Dstreambot.logs.since) = 'yesterday' is neither an age nor an ISO-8601 time: write an age such as 10m, 2h or PT30M, or a time such as 2026-12-01T06:00:00Z")
assert !log.contains('127.0.0.1:9')

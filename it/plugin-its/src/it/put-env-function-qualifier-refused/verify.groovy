def log = new File(basedir, 'build.log').text
assert log.contains("<functionName> (-Dstreambot.functionName) = 'orders:prod' names a version or alias (':prod')")
assert log.contains("drop the qualifier and give 'orders'")
assert !log.contains('Connect') // refused before any call

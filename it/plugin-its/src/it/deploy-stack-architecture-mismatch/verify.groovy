def log = new File(basedir, 'build.log').text
assert log.contains("<architecture> (-Dstreambot.architecture) = 'arm64' differs from Architectures [x86_64] of resource"
        + " Ingest in src/main/cloudformation/service.json")
assert log.contains("set <architecture>x86_64</architecture> (-Dstreambot.architecture=x86_64), or set the template's"
        + " Architectures to [arm64]")
assert !log.contains('127.0.0.1:9') : 'no AWS call was made'

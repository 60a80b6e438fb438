def log = new File(basedir, 'build.log').text
assert log.contains("<architecture> (-Dstreambot.architecture) = 'x86_64' differs from Architectures [arm64] of resource"
        + " Ingest in src/main/cloudformation/service.json (x86_64 when the template gives none): make them the same:"
        + " set <architecture>arm64</architecture> (-Dstreambot.architecture=arm64), or set the template's"
        + " Architectures to [x86_64]")
assert !new File(basedir, 'target/bundle-architecture-mismatch-1.0-lambda.zip').exists()

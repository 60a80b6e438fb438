def log = new File(basedir, 'build.log').text
assert log =~ /Running on JDK 25 from toolchains.xml \(.+\) for runtime java25 \(Runtime of resource Ingest in src\/main\/cloudformation\/service.json\)/
// The handler reports the JVM it ran on: 25, not the build's 17.
assert log =~ /Result \(\d+ ms\): "ran on java 25"/
assert !log.contains('No JDK 25 toolchain')

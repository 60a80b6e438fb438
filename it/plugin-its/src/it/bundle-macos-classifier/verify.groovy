import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def zip = new File(basedir, 'target/bundle-macos-classifier-1.0-lambda.zip')
def jars = new ZipFile(zip).withCloseable { z -> z.entries().collect { it.name }.findAll { it.startsWith('lib/netty-tcnative-boringssl') } }
assert jars == ['lib/netty-tcnative-boringssl-static-2.0.73.Final-linux-x86_64.jar'] : jars
assert log.contains('Native classifier swapped: io.netty:netty-tcnative-boringssl-static:2.0.73.Final osx-x86_64')

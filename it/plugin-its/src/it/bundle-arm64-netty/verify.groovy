import java.util.zip.ZipFile
import java.util.zip.ZipInputStream

def log = new File(basedir, 'build.log').text
def zip = new File(basedir, 'target/bundle-arm64-netty-1.0-lambda.zip')
def natives = []
def jars = []
new ZipFile(zip).withCloseable { z ->
    z.entries().findAll { it.name.startsWith('lib/') && it.name.endsWith('.jar') }.each { e ->
        jars << e.name
        new ZipInputStream(z.getInputStream(e)).withCloseable { jar ->
            for (def inner = jar.nextEntry; inner != null; inner = jar.nextEntry) {
                if (inner.name.endsWith('.so') || inner.name.endsWith('.dll') || inner.name.endsWith('.jnilib') || inner.name.endsWith('.dylib')) {
                    natives << inner.name
                }
            }
        }
    }
}
assert jars.contains('lib/netty-transport-native-epoll-4.1.126.Final-linux-aarch_64.jar')
assert jars.contains('lib/netty-tcnative-boringssl-static-2.0.73.Final-linux-aarch_64.jar')
assert !jars.any { it.contains('x86_64') || it.contains('osx') || it.contains('windows') } : jars
assert !jars.contains('lib/netty-tcnative-boringssl-static-2.0.73.Final.jar')
assert natives.sort() == ['META-INF/native/libnetty_tcnative_linux_aarch_64.so',
                          'META-INF/native/libnetty_transport_native_epoll_aarch_64.so'] : natives
assert log.contains('Native classifier swapped: io.netty:netty-transport-native-epoll:4.1.126.Final linux-x86_64 -> linux-aarch_64')
assert log.contains('Native classifier swapped: io.netty:netty-tcnative-boringssl-static:2.0.73.Final (no classifier), linux-x86_64, osx-x86_64, osx-aarch_64, windows-x86_64 -> linux-aarch_64')
assert log.contains('for linux arm64: ')

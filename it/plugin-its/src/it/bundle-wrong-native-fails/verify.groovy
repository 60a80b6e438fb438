def log = new File(basedir, 'build.log').text
assert log.contains('io.netty:netty-transport-native-epoll:4.1.126.Final:linux-x86_64 needs a native library for linux aarch64'
        + ' and lib/netty-transport-native-epoll-4.1.126.Final-linux-x86_64.jar has none: it carries only linux x86_64'
        + ' (META-INF/native/libnetty_transport_native_epoll_x86_64.so). The <nativeMappings> entry for'
        + ' io.netty:netty-transport-native-epoll picks \'linux-x86_64\' for arm64: set <arm64> to the classifier built'
        + ' for linux aarch64')
assert !new File(basedir, 'target/bundle-wrong-native-fails-1.0-lambda.zip').exists()

def log = new File(basedir, 'build.log').text
assert log.contains("<handler> (-Dstreambot.handler) = 'com.example.Handler::handle' names a method that com.example.Handler"
        + " does not have: name a public method of com.example.Handler (Lambda calls handleRequest when only the class is given)")
assert !new File(basedir, 'target/bundle-handler-missing-1.0-lambda.zip').exists()

def log = new File(basedir, 'build.log').text
assert log.contains('MultiThreadedBuilder') : 'the build ran with -T 2'
assert log.contains('<dependencies> of module orders-service do not include module replay-fn, whose bundle the template\'s'
        + ' CodeKeyReplayFn names')
assert log.contains('<artifactId>replay-fn</artifactId><version>1.0</version><type>pom</type><scope>provided</scope>')
assert !log.contains('127.0.0.1:9') : 'no AWS call was made'

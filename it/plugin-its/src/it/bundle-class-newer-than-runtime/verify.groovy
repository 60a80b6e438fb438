def log = new File(basedir, 'build.log').text
def classes = new File(basedir, 'target/classes').toString()
assert log.contains("The class com.example.Handler (in ${classes}) is Java 17 bytecode (class file version 61), newer"
        + " than the runtime java11 of resource Ingest in src/main/cloudformation/service.json: Lambda would fail with"
        + " UnsupportedClassVersionError. Compile for 11 (<maven.compiler.release>11</maven.compiler.release>)")
assert !new File(basedir, 'target/bundle-class-newer-than-runtime-1.0-lambda.zip').exists()

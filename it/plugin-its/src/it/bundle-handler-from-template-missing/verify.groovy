def log = new File(basedir, 'build.log').text
assert log.contains("Handler of resource Ingest in src/main/cloudformation/service.yaml = 'com.example.Ingest::handleRequest'"
        + " names a class that is not in the bundle: check the class name (package included) against src/main/java,"
        + " or add the dependency that holds com.example.Ingest (or set <handler> to this bundle's own handler when"
        + " Ingest runs the code of another bundle)")
assert !new File(basedir, 'target/bundle-handler-from-template-missing-1.0-lambda.zip').exists()

def project = new File(basedir, 'orders-ingest')
assert new File(project, 'src/main/java/com/example/orders/Handler.java').isFile()
assert new File(project, 'pom.xml').text.contains('<packaging>lambda</packaging>')
// The generated project's own build: its unit test fed the handler the sample event, and the zip was bundled.
def report = new File(project, 'target/surefire-reports/TEST-com.example.orders.HandlerTest.xml').text
assert report.contains('tests="1"') && report.contains('failures="0"') && report.contains('errors="0"')
assert new File(project, 'target/orders-ingest-1.0-SNAPSHOT-lambda.zip').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('Checked the handlers of src/main/cloudformation/template.json against the bundle:'
        + ' com.example.orders.Handler::handleRequest (resource Function)')
assert !log.contains('[WARNING]')

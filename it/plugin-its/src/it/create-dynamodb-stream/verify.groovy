def project = new File(basedir, 'changes')
assert new File(project, 'src/main/cloudformation/template.json').text.contains('AWS::Lambda::EventSourceMapping')
def report = new File(project, 'target/surefire-reports/TEST-com.example.changes.HandlerTest.xml').text
assert report.contains('tests="1"') && report.contains('failures="0"') && report.contains('errors="0"')
assert new File(project, 'target/changes-1.0-SNAPSHOT-lambda.zip').isFile()

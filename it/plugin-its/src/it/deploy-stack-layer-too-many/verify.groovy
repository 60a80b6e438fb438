def log = new File(basedir, 'build.log').text
assert log.contains('Layers of resource Ingest in src/main/cloudformation/service.json')
assert log.contains("= '6 layers' are more than Lambda's limit of 5 layers per function")
assert log.contains('merge layers')
assert !log.contains('127.0.0.1:9') : 'no AWS call was made'

def log = new File(basedir, 'build.log').text
assert log.contains('Layers of resource Ingest in src/main/cloudformation/service.json')
assert log.contains("is above Lambda's limit of 262.1 MB for a function and its layers together (function zip 60.0 MB, Dependencies 210.0 MB)")
assert !log.contains('127.0.0.1:9') : 'no AWS call was made'

def log = new File(basedir, 'build.log').text
assert log.contains('Layers of resource Ingest in src/main/cloudformation/service.json')
assert log.contains('is a layer for arm64 (its CompatibleArchitectures), and the function runs on x86_64')
assert log.contains('add x86_64 to CompatibleArchitectures of resource Dependencies')
assert !log.contains('127.0.0.1:9') : 'no AWS call was made'

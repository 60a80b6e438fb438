def log = new File(basedir, 'build.log').text
assert log.contains('Layers of resource Greeter in src/main/cloudformation/service.json')
assert log.contains('lists no LayerVersion carrying the jars of this module, which bundles with <layer>true</layer>')
assert log.contains('would fail with ClassNotFoundException on Lambda')
assert !log.contains('127.0.0.1:9') : 'no AWS call was made'

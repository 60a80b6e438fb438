def log = new File(basedir, 'build.log').text
assert log.contains('Skipping deploy-stack because streambot.deployStack.skip is true')
assert !new File(basedir, 'target/streambot').exists()

def log = new File(basedir, 'build.log').text
assert log.contains("<functions><function>[orders] key 'db.password' of function 'orders' is not an environment-variable name")
assert !log.contains('hunter2')

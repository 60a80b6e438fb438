def log = new File(basedir, 'build.log').text
assert log.contains("<groupId> (-DgroupId) = 'com.my-org' is not a valid Java package, and the handler's package"
        + ' defaults to the groupId: give the handler\'s package with -Dpackage: dot-separated Java identifiers, not'
        + ' keywords, such as com.example.orders')
assert !new File(basedir, 'orders').exists()
assert !new File(basedir, '.orders.streambot-create').exists()

def log = new File(basedir, 'build.log').text
assert log =~ /of function 'orders' makes a config record of 3\d{5} bytes, over streambot's limit of 307200 bytes \(DynamoDB items are limited to 400 KB\)/
assert !log.contains('xxxxxxxxxx')

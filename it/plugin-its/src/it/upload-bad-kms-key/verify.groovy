def log = new File(basedir, 'build.log').text
assert log.contains("<kmsKeyId> (-Dstreambot.upload.kmsKeyId) = 'my-team-key' is not a KMS key id, alias or ARN: give a key id")
assert log.contains('an alias (alias/my-key)')
assert !log.contains('Uploading')
assert !log.contains('127.0.0.1:9')

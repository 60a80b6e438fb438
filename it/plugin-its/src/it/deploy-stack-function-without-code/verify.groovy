def log = new File(basedir, 'build.log').text
assert log.contains("Code of resource Replay in src/main/cloudformation/service.json is missing: the function has no code")
assert log.contains('set Code to {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}} for the module\'s own bundle')
assert !log.contains('127.0.0.1:9') : 'no AWS call was made'

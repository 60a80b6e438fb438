def log = new File(basedir, 'build.log').text
assert log.contains("Parameter CodeBucketReplayFn of src/main/cloudformation/service.json declares the code of a bundle"
        + " (stem ReplayFn) that no function uses")
assert log.contains("bind a function to it with Code {\"S3Bucket\": {\"Ref\": \"CodeBucketReplayFn\"}, \"S3Key\": {\"Ref\": \"CodeKeyReplayFn\"}}, or remove the parameter")
assert !log.contains('127.0.0.1:9') : 'no AWS call was made'

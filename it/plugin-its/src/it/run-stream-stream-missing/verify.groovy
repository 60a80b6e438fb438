def log = new File(basedir, 'build.log').text
assert log.contains("<stream> (-Dstreambot.stream) is not set and resource Connector in src/main/cloudformation/service.json"
        + " reads the stream of the template's resource Stream, which only exists once deployed: give the deployed (or"
        + " local) stream's name or ARN, such as -Dstreambot.stream=my-stream")
assert !new File(basedir, 'target/streambot-stream/checkpoints').exists()
assert !log.contains('127.0.0.1:9') : 'nothing was read'

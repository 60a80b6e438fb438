def log = new File(basedir, 'build.log').text
assert log.contains("Metadata.streambot.bundle of resource Replay in src/main/cloudformation/service.json = 'replay-fn'"
        + " names another bundle than its Code (CodeKey): the function is bound to two bundles")
assert log.contains("make them agree: CodeKeyReplayFn in Code for the bundle Metadata names")
assert !log.contains('127.0.0.1:9') : 'no AWS call was made'

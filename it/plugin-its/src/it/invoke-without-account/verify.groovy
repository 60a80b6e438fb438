def log = new File(basedir, 'build.log').text
// One line says where the config came from and that nothing talked to AWS.
def said = log.readLines().findAll { it.contains('the config put-env would write') }
assert said == ["[INFO] Serving function 'invoke-without-account' the config put-env would write (3 keys from <env> and <envFile>)"
        + " without any AWS call: no <region> or <endpoint> is set (-Dstreambot.region or -Dstreambot.endpoint reads"
        + " its record from the config table instead)"]
// The handler went through streambot-runtime, which served the local file, and saw <env> over the env file.
assert log.contains("streambot: loaded the config of function 'invoke-without-account' from local file ")
assert log.contains('Result (')
assert log.contains('"hello, local run! (sample event)"')
assert log.contains('BUILD SUCCESS')

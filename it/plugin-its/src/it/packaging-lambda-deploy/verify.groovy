def log = new File(basedir, 'build.log').text
def version = (new File(basedir, 'pom.xml').text =~ /streambot-maven-plugin<\/artifactId>\s*<version>([^<]+)/)[0][1]
def upload = log.indexOf('streambot-maven-plugin:' + version + ':upload (default-upload)')
def putEnv = log.indexOf('streambot-maven-plugin:' + version + ':put-env (default-put-env)')
def deployStack = log.indexOf('streambot-maven-plugin:' + version + ':deploy-stack (default-deploy-stack)')
assert upload > 0 && putEnv > upload && deployStack > putEnv : 'upload, put-env, deploy-stack run at deploy, in order'
assert log.contains('Skipping upload because streambot.upload.skip is set')
assert log.contains('Nothing to write: no <env>, <envFile> (-Dstreambot.envFile) or <functions> is configured')
assert log.contains('Skipping deploy-stack because streambot.deployStack.skip is true')
assert !log.contains('maven-deploy-plugin')
assert log.contains('BUILD SUCCESS')

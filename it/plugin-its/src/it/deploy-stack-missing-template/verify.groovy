def log = new File(basedir, 'build.log').text
def dir = new File(basedir, 'src/main/cloudformation').toString()
assert log.contains("<template> (-Dstreambot.template) is not set and ${dir} holds no *.json, *.yaml, *.yml or *.template file")
assert log.contains('put the service\'s CloudFormation template in src/main/cloudformation/ or set <template> to its path')
assert !log.contains('127.0.0.1:9')

import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def zip = new File(basedir, 'target/bundle-plain-1.0-lambda.zip')
assert zip.isFile()
def names = new ZipFile(zip).withCloseable { z -> z.entries().collect { it.name } }
assert names.contains('com/example/Handler.class')
assert names.contains('lib/aws-lambda-java-core-1.4.0.jar')
assert names.contains('lib/jackson-databind-2.19.2.jar')
assert names.contains('lib/jackson-core-2.19.2.jar')
assert !names.any { it.startsWith('lib/streambot-runtime') } : 'the function does not use the runtime'
// plexus-archiver's reproducible order: the directories (sorted), then the files (sorted).
def dirs = names.findAll { it.endsWith('/') }
def files = names.findAll { !it.endsWith('/') }
assert names == dirs + files : 'directories first'
assert dirs == dirs.sort(false) && files == files.sort(false) : 'entries are sorted'
assert log.contains('Bundled ' + zip.path + ' for linux x86_64: ')
assert log.contains('Biggest jars: jackson-databind-2.19.2.jar')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/streambot/bundle-report.json'))
assert report.architecture == 'x86_64'
assert report.handler == 'com.example.Handler::handleRequest'
assert report.zippedBytes == zip.length()
// Attached with classifier lambda, type zip: install carries it.
def installed = new File(localRepositoryPath, 'io/streambot/it/bundle-plain/1.0/bundle-plain-1.0-lambda.zip')
assert installed.isFile()
assert installed.bytes == zip.bytes

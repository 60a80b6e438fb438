import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def zip = new File(basedir, 'target/bundle-layer-1.0-lambda.zip')
def layer = new File(basedir, 'target/bundle-layer-1.0-layer.zip')
def names = { f -> new ZipFile(f).withCloseable { z -> z.entries().collect { it.name } } }
assert names(zip).contains('com/example/Handler.class')
assert !names(zip).any { it.startsWith('lib/') } : 'the function zip keeps only its own files'
assert names(layer).containsAll(['java/lib/aws-lambda-java-core-1.4.0.jar', 'java/lib/jackson-databind-2.19.2.jar'])
assert log.contains('Layer ' + layer.path + ': ')
assert log.contains('bundle is up to date: ' + zip.path + ' and its layer ' + layer.path)

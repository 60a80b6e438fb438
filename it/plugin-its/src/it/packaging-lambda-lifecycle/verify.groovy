import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def version = (new File(basedir, 'pom.xml').text =~ /streambot-maven-plugin<\/artifactId>\s*<version>([^<]+)/)[0][1]
// The compiler the lifecycle pins (Maven 3.8's own default, 3.1, rejects maven.compiler.release).
def plugin = new File(localRepositoryPath, "io/streambot/streambot-maven-plugin/${version}/streambot-maven-plugin-${version}.jar")
def mapping = new ZipFile(plugin).withCloseable { z -> z.getInputStream(z.getEntry('META-INF/plexus/components.xml')).text }
def compiler = (mapping =~ /maven-compiler-plugin:([^:]+):compile/)[0][1]
assert compiler != '3.1'
assert log.contains("maven-compiler-plugin:${compiler}:compile (default-compile)")
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert log.contains("streambot-maven-plugin:${version}:bundle (default-bundle)")
assert !log.contains('maven-jar-plugin')
def zip = new File(basedir, 'target/packaging-lambda-lifecycle-1.0-lambda.zip')
assert zip.isFile()
// The zip is the main artifact: installed without a classifier, with extension zip, and no jar beside it.
def dir = new File(localRepositoryPath, 'io/streambot/it/packaging-lambda-lifecycle/1.0')
def installed = new File(dir, 'packaging-lambda-lifecycle-1.0.zip')
assert installed.isFile()
assert installed.bytes == zip.bytes
assert dir.list().findAll { it.endsWith('.zip') || it.endsWith('.jar') } == ['packaging-lambda-lifecycle-1.0.zip']

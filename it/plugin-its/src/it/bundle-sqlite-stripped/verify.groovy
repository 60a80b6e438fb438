import java.util.zip.ZipFile
import java.util.zip.ZipInputStream

def log = new File(basedir, 'build.log').text
def zip = new File(basedir, 'target/bundle-sqlite-stripped-1.0-lambda.zip')
def inside = []
new ZipFile(zip).withCloseable { z ->
    new ZipInputStream(z.getInputStream(z.getEntry('lib/sqlite-jdbc-3.50.3.0.jar'))).withCloseable { jar ->
        for (def e = jar.nextEntry; e != null; e = jar.nextEntry) {
            inside << e.name
        }
    }
}
def natives = inside.findAll { it ==~ /.*\.(so|dll|dylib|jnilib)/ }
assert natives == ['org/sqlite/native/Linux/x86_64/libsqlitejdbc.so'] : natives
assert inside.contains('org/sqlite/JDBC.class')
assert inside[0] == 'META-INF/' && inside[1] == 'META-INF/MANIFEST.MF'
assert log =~ /Stripped 23 native libraries for other platforms \([0-9.]+ MB\) from lib\/sqlite-jdbc-3\.50\.3\.0\.jar/
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/streambot/bundle-report.json'))
assert report.stripped.size() == 1
assert report.stripped[0].dependency == 'org.xerial:sqlite-jdbc:3.50.3.0'
assert report.strippedBytes > 20_000_000
// The repository's own jar is untouched.
assert new File(localRepositoryPath, 'org/xerial/sqlite-jdbc/3.50.3.0/sqlite-jdbc-3.50.3.0.jar').length() > 10_000_000

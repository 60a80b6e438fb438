// Writes a toolchains.xml naming this machine's JDK 25 (found here, never in the plugin): /usr/lib/jvm, or -Dstreambot.test.jdk25.
def candidates = []
def given = System.getProperty('streambot.test.jdk25', '')
if (given) candidates << new File(given)
def system = new File('/usr/lib/jvm')
if (system.isDirectory()) candidates.addAll(system.listFiles().sort { it.name })
def home = candidates.find { h ->
    def release = new File(h, 'release')
    release.isFile() && new File(h, 'bin/java').canExecute() && release.text.contains('JAVA_VERSION="25')
}
assert home != null : 'this IT needs a JDK 25 (Temurin 25 in /usr/lib/jvm on these machines, or -Dstreambot.test.jdk25=HOME)'
new File(basedir, 'toolchains.xml').text = """<?xml version="1.0" encoding="UTF-8"?>
<toolchains>
  <toolchain>
    <type>jdk</type>
    <provides><version>25</version></provides>
    <configuration><jdkHome>${home.canonicalPath}</jdkHome></configuration>
  </toolchain>
</toolchains>
"""
return true

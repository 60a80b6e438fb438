import java.security.MessageDigest

def sha256 = { File f -> MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }
def first = new File(basedir, 'first-lambda.zip')
def second = new File(basedir, 'second-lambda.zip')
assert first.isFile() && second.isFile()
assert sha256(first) == sha256(second)
def log = new File(basedir, 'build.log').text
assert log.contains('Stripped 23 native libraries')
assert log.contains('Building bundle-reproducible in Pacific/Kiritimati 1.0')
assert log.contains('Building bundle-reproducible in America/Los_Angeles 1.0')

def log = new File(basedir, 'build.log').text
def zip = new File(basedir, 'target/bundle-up-to-date-1.0-lambda.zip')
assert zip.isFile()
assert log.contains('bundle is up to date: ' + zip.path + ' (no input changed since the last bundle)')
assert log.contains('Skipping bundle because streambot.bundle.skip is true')

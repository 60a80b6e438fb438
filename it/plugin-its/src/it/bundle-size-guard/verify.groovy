def log = new File(basedir, 'build.log').text
assert log =~ /the bundle would be [0-9]+ bytes unzipped, above the limit of 100000 bytes \(<maxUnzippedBytes>, -Dstreambot\.bundle\.maxUnzippedBytes; Lambda allows 262144000\): biggest jars jackson-databind-2\.19\.2\.jar/
assert !new File(basedir, 'target/bundle-size-guard-1.0-lambda.zip').exists()

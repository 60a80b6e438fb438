// What bundle leaves after building a 60 MB function whose 210 MB of jars went into its layer.
def work = new File(basedir, 'target/streambot')
work.mkdirs()
new File(work, 'bundle-report.json').text = '''{"zip": "target/fn-lambda.zip", "architecture": "x86_64", "entries": 3,
 "zippedBytes": 50000000, "unzippedBytes": 60000000, "biggestJars": [], "classifierSwaps": [], "stripped": [],
 "strippedBytes": 0, "handler": null, "warnings": []}'''
new File(work, 'layer-report.json').text = '''{"zip": "target/fn-layer.zip", "sha256": "aa", "architecture": "x86_64",
 "entries": 3, "zippedBytes": 200000000, "unzippedBytes": 210000000, "jars": ["big.jar"]}'''
true

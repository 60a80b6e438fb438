def log = new File(basedir, 'build.log').text
assert log.contains("<event> (-Dstreambot.invoke.event) is not set: give a JSON event file, such as -Dstreambot.invoke.event=src/test/resources/events/kinesis.json")
assert !log.contains('127.0.0.1:9')

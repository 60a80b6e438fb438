def log = new File(basedir, 'build.log').text
// bundle checked both handlers of the template, then invoke refused to pick one
assert log.contains("Checked the handlers of src/main/cloudformation/service.json against the bundle:"
        + " com.example.Handler::handleRequest (resource Ingest), com.example.Report (resource Report)")
assert log.contains("<handler> (-Dstreambot.handler) is not set and src/main/cloudformation/service.json declares"
        + " several Java function handlers: com.example.Handler::handleRequest (resource Ingest), com.example.Report"
        + " (resource Report): choose one with -Dstreambot.handler=com.example.Handler::handleRequest (or set <handler>)")
assert !new File(basedir, 'target/streambot-invoke').exists()

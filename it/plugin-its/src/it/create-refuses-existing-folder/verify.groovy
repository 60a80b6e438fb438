def log = new File(basedir, 'build.log').text
def folder = new File(basedir, 'orders-ingest')
assert log.contains("<artifactId> (-DartifactId) = 'orders-ingest' names a folder that already exists (${folder.canonicalPath}):"
        + ' choose another -DartifactId, or run in another folder; nothing was written')
assert folder.list() as List == ['notes.txt']
assert new File(folder, 'notes.txt').text == 'my notes\n'
assert !new File(basedir, '.orders-ingest.streambot-create').exists()

package io.streambot.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core stays usable without Maven: a Maven import in io.streambot.core fails the build. */
class CoreHasNoMavenImportsTest {

    @Test
    void noCoreSourceImportsMaven() throws IOException {
        Path core = Path.of("src/main/java/io/streambot/core");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(core)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            return Files.readAllLines(p).stream()
                                    .anyMatch(l -> l.startsWith("import org.apache.maven")
                                            || l.startsWith("import static org.apache.maven")
                                            || (l.startsWith("import org.codehaus.plexus") && !isArchiverLibrary(l)));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
        }
        assertThat(offenders).as("core sources importing Maven or Plexus").isEmpty();
        assertThat(core).isDirectory();
    }

    /**
     * plexus-archiver and plexus-io are plain libraries (the zip writer of the design card), with no Maven
     * or Plexus container types: the core may use them. Every other Plexus import stays banned.
     */
    private static boolean isArchiverLibrary(String importLine) {
        return importLine.startsWith("import org.codehaus.plexus.archiver.")
                || importLine.startsWith("import org.codehaus.plexus.components.io.");
    }
}

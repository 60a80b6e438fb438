package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** Unit tests (no network): how the core's events appear on a batch-mode Maven log. */
class MavenEventsTest {
    private final List<String> infos = new CopyOnWriteArrayList<>();
    private final MavenEvents events = new MavenEvents(
            new SystemStreamLog() {
                @Override
                public void info(CharSequence content) {
                    infos.add(content.toString());
                }
            },
            false);

    @Test
    void inBatchModeOnlyTheFinishedTaskIsLoggedAndWithoutItsRawByteCount() {
        String task = "Uploading s3://b/k.zip (293.0 KB) at 1.2 MB/s";

        events.progress(task, 100_000, 300_000);
        events.progress(task, 299_999, 300_000);
        assertThat(infos).isEmpty();

        events.progress(task, 300_000, 300_000);
        assertThat(infos).containsExactly(task + ": done");
    }

    @Test
    void inBatchModeATaskOfUnknownSizeIsNeverLoggedAsFinished() {
        events.progress("Reading", 5, -1);

        assertThat(infos).isEmpty();
    }
}

package io.streambot.core.upload;

import io.streambot.core.Events;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress of one upload: bytes read by every request of it (a single PUT or parallel parts) add up
 * here, and a progress event goes out every megabyte and once at the end.
 */
final class TransferProgress {
    private static final long STEP = 1L << 20;

    private final Events events;
    private final String where;
    private final long total;
    private final long started = System.nanoTime();
    private final AtomicLong sent = new AtomicLong();

    TransferProgress(Events events, String where, long total) {
        this.events = events;
        this.where = where;
        this.total = total;
    }

    /** {@code in}, counted into this upload's progress. */
    InputStream counting(InputStream in) {
        return new Counting(in);
    }

    /** The upload succeeded: report all of it. */
    void done() {
        events.progress(task(total), total, total);
    }

    private void count(int n) {
        long after = sent.addAndGet(n);
        if (after / STEP != (after - n) / STEP) {
            // Retried bytes count twice: cap below the total, which only success reports.
            long done = Math.min(after, total - 1);
            events.progress(task(done), done, total);
        }
    }

    private String task(long done) {
        double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
        return String.format(
                Locale.ROOT,
                "Uploading %s (%s) at %.1f MB/s",
                where,
                ByteSize.format(total),
                done / seconds / (1024 * 1024));
    }

    /** Counts bytes read into the shared total. */
    private final class Counting extends FilterInputStream {
        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }
    }
}

package io.streambot.maven;

import io.streambot.core.Events;
import org.apache.maven.plugin.logging.Log;

/**
 * Shows the core's events on Maven's log. Progress is drawn live only on an interactive console
 * (never under {@code -B}); in batch mode only its completion is logged, as one line.
 */
final class MavenEvents implements Events {
    private final Log log;
    private final boolean interactive;
    private long lastDraw;

    MavenEvents(Log log, boolean interactive) {
        this.log = log;
        this.interactive = interactive && System.console() != null;
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }

    @Override
    public synchronized void progress(String task, long done, long total) {
        boolean finished = total >= 0 && done >= total;
        if (interactive) {
            long now = System.nanoTime();
            if (finished || now - lastDraw > 200_000_000L) {
                lastDraw = now;
                String pct = total > 0 ? String.format(" %3d%%", done * 100 / total) : "";
                System.out.print("\r" + task + pct + " (" + done + (total >= 0 ? "/" + total : "") + ")"
                        + (finished ? "\n" : ""));
                System.out.flush();
            }
        } else if (finished) {
            // The task text already says what and how much (the core puts sizes in it): no raw counter.
            log.info(task + ": done");
        }
    }
}

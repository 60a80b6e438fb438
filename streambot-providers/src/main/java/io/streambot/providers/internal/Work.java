package io.streambot.providers.internal;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * One request's operation as the provider runs it: how long it may still run, and its undo journal.
 *
 * <p>An operation registers how to undo each change <em>before</em> it makes it ({@link #onFailure}).
 * When the request ends in a FAILED answer (an exception, or the watchdog's timeout), the handler runs
 * every registered undo, newest first, before it answers. After that the journal is sealed: a change
 * that still lands afterwards (a call that was in flight when the watchdog fired) is undone at once by
 * the thread that registers it. After a SUCCESS answer the journal is discarded.
 */
public final class Work {
    /** Undoes one change; {@code timeout} bounds the calls it makes. */
    @FunctionalInterface
    public interface Undo {
        void run(Duration timeout) throws Exception;
    }

    /** A registered undo, dropped again when the operation itself has made it unnecessary. */
    public interface Registration {
        void dismiss();
    }

    private record Entry(String what, Undo undo) {}

    private final Context context;
    private final long stopAtRemainingMillis;
    private final Consumer<String> log;
    private final List<Entry> journal = new ArrayList<>();
    private boolean sealed;
    private boolean committed;

    Work(Context context, long stopAtRemainingMillis, Consumer<String> log) {
        this.context = context;
        this.stopAtRemainingMillis = stopAtRemainingMillis;
        this.log = log;
    }

    public Context context() {
        return context;
    }

    public void log(String line) {
        log.accept(line);
    }

    /** How long the operation may still run; zero or less once the watchdog's limit has passed. */
    public long millisLeft() {
        return context.getRemainingTimeInMillis() - stopAtRemainingMillis;
    }

    /** An override that bounds one AWS call to the time the operation has left (at least 1 ms). */
    public AwsRequestOverrideConfiguration callTimeout() {
        return AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofMillis(Math.max(1, millisLeft())))
                .build();
    }

    /**
     * Registers how to undo a change the operation is about to make. If the request has already been
     * answered FAILED, the change cannot be kept: the undo runs now, in the calling thread.
     */
    public Registration onFailure(String what, Undo undo) {
        Entry entry = new Entry(what, undo);
        boolean runNow;
        synchronized (this) {
            runNow = sealed && !committed;
            if (!sealed) {
                journal.add(entry);
            }
        }
        if (runNow) {
            log.accept("The request was answered FAILED already: undoing at once: " + what);
            // The watchdog interrupted this thread; the undo's own calls must still run.
            boolean interrupted = Thread.interrupted();
            try {
                runOne(entry, Duration.ofMillis(Math.max(1, context.getRemainingTimeInMillis() - 100)));
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return () -> {
            synchronized (this) {
                journal.remove(entry);
            }
        };
    }

    /** The operation succeeded: keep its changes. */
    synchronized void commit() {
        sealed = true;
        committed = true;
        journal.clear();
    }

    /**
     * Seals the journal and runs every undo, newest first, each bounded by the time left until
     * {@code stopAtRemainingMillis}; returns the problems (empty when everything was undone).
     */
    List<String> undoAll(long stopAtRemainingMillis) {
        List<Entry> entries;
        synchronized (this) {
            sealed = true;
            entries = new ArrayList<>(journal);
            journal.clear();
        }
        List<String> problems = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            long left = context.getRemainingTimeInMillis() - stopAtRemainingMillis;
            Entry entry = entries.get(i);
            if (left <= 0) {
                problems.add("no time left to undo: " + entry.what());
                continue;
            }
            String problem = runOne(entry, Duration.ofMillis(left));
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    private String runOne(Entry entry, Duration timeout) {
        try {
            entry.undo().run(timeout);
            log.accept("Undone: " + entry.what());
            return null;
        } catch (Exception e) {
            log.accept("Could not undo (" + entry.what() + "): " + e);
            return "could not undo: " + entry.what() + " (" + e.getClass().getSimpleName() + ")";
        }
    }
}

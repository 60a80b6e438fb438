package io.streambot.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.StreambotConfigException;
import io.streambot.runtime.StreambotEnv;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cached configuration of one function in one execution environment: loaded on the first
 * invocation (and the first after a SnapStart restore), which waits for it, or for what is left of the
 * read started ahead of it at init or at the restore; refreshed after the TTL by one invocation while the
 * others keep being served the current snapshot.
 */
final class FunctionConfig {
    /** A loaded snapshot, when it is due for refresh, and the restore epoch it was loaded in. */
    private record Loaded(StreambotEnv.Snapshot snapshot, long refreshAtNanos, int epoch) {}

    /** A read started before the first invocation (of a restore epoch), on a daemon thread. */
    private record ReadAhead(FutureTask<Optional<EnvRecord>> result, int epoch) {
        /** Its record, or null if it failed or did not finish within {@code nanos}: then the invocation reads. */
        Optional<EnvRecord> await(long nanos) {
            try {
                return result.get(nanos, TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private final String functionName;
    private final StreambotRuntime runtime;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile Loaded loaded;
    private volatile ReadAhead readAhead;
    /** Guarded by {@link #loading}: a refresh failed and no successful read happened since. */
    private boolean failing;
    /** Guarded by {@link #loading}: the last read found no record (logged once, not at every refresh). */
    private boolean missingLogged;

    FunctionConfig(String functionName, StreambotRuntime runtime) {
        this.functionName = functionName;
        this.runtime = runtime;
    }

    String functionName() {
        return functionName;
    }

    /** Starts reading the record on a daemon thread, unless it is loaded or being read in this restore epoch. */
    synchronized void readAhead() {
        int epoch = runtime.restoreEpoch();
        Loaded current = loaded;
        ReadAhead pending = readAhead;
        if (current != null && current.epoch == epoch || pending != null && pending.epoch == epoch) {
            return;
        }
        FutureTask<Optional<EnvRecord>> task =
                new FutureTask<>(() -> runtime.read(functionName, StreambotRuntime.INIT_READ_BUDGET.toNanos()));
        Thread thread = new Thread(task, "streambot-config-read");
        thread.setDaemon(true);
        readAhead = new ReadAhead(task, epoch);
        thread.start();
    }

    /** Tests: whether a read started ahead finished within {@code nanos} (false if none is pending). */
    boolean readAheadFinished(long nanos) {
        ReadAhead pending = readAhead;
        if (pending == null) {
            return false;
        }
        pending.await(nanos);
        return pending.result.isDone();
    }

    /** Before a SnapStart checkpoint: lets a read started ahead finish, then forgets what it read. */
    synchronized void awaitAndDropReadAhead() {
        ReadAhead pending = readAhead;
        readAhead = null;
        if (pending != null) {
            pending.await(StreambotRuntime.INIT_READ_BUDGET.toNanos());
        }
    }

    /** The snapshot the invocation described by {@code context} runs with. */
    StreambotEnv.Snapshot snapshot(Context context) {
        Loaded current = loaded;
        if (current != null
                && current.refreshAtNanos - runtime.ticker().nanos() > 0
                && current.epoch == runtime.restoreEpoch()) {
            return current.snapshot;
        }
        return current == null || current.epoch != runtime.restoreEpoch() ? load(context) : refresh(context, current);
    }

    /** First load (or first after restore): the invocation waits and fails if the read fails. */
    private StreambotEnv.Snapshot load(Context context) {
        loading.lock();
        try {
            Loaded current = loaded;
            int epoch = runtime.restoreEpoch();
            if (current != null && current.epoch == epoch) {
                return current.snapshot;
            }
            long start = runtime.ticker().nanos();
            ReadAhead pending = readAhead;
            Optional<EnvRecord> record = null;
            if (pending != null && pending.epoch == epoch) {
                readAhead = null;
                // Wait at most half of the invocation's time: the other half is for its own read if this one failed.
                record = pending.await(StreambotRuntime.budget(context) / 2);
            }
            boolean readAheadUsed = record != null;
            StreambotEnv.Snapshot snapshot =
                    snapshot(context, readAheadUsed ? record : runtime.read(functionName, context));
            store(snapshot, epoch);
            if (snapshot.version() > 0 || !snapshot.asMap().isEmpty()) {
                runtime.log(
                        context,
                        "loaded the config of function '" + functionName + "' from "
                                + (runtime.settings().localConfig().isPresent()
                                        ? snapshot.table()
                                        : "table '" + snapshot.table() + "'")
                                + ": version " + snapshot.version() + ", "
                                + snapshot.asMap().size() + " keys ("
                                + TimeUnit.NANOSECONDS.toMillis(runtime.ticker().nanos() - start) + " ms"
                                + (readAheadUsed ? ", waited for the read started ahead" : "")
                                + (current == null ? "" : ", re-read after a SnapStart restore") + ")");
            }
            return snapshot;
        } finally {
            loading.unlock();
        }
    }

    /** TTL expired: one invocation reads, the others are served {@code current} meanwhile. */
    private StreambotEnv.Snapshot refresh(Context context, Loaded current) {
        if (!loading.tryLock()) {
            return current.snapshot;
        }
        try {
            Loaded latest = loaded;
            if (latest != current) {
                return latest.snapshot;
            }
            try {
                StreambotEnv.Snapshot snapshot = read(context);
                store(snapshot, current.epoch);
                if (failing) {
                    failing = false;
                    runtime.log(context, "refreshing the config of function '" + functionName + "' works again");
                }
                logChanges(context, current.snapshot, snapshot);
                return snapshot;
            } catch (StreambotConfigException e) {
                loaded = new Loaded(current.snapshot, nextRefresh(), current.epoch);
                if (!failing) {
                    failing = true;
                    runtime.log(
                            context,
                            "WARN refresh failed; keeps serving version " + current.snapshot.version()
                                    + " of the config of function '" + functionName + "' and retries every "
                                    + runtime.settings().ttl() + " (logged once until a refresh works): "
                                    + e.getMessage());
                }
                return current.snapshot;
            }
        } finally {
            loading.unlock();
        }
    }

    private StreambotEnv.Snapshot read(Context context) {
        return snapshot(context, runtime.read(functionName, context));
    }

    /** The snapshot of {@code record}, or of the missing record (an empty one, or a failure if so configured). */
    private StreambotEnv.Snapshot snapshot(Context context, Optional<EnvRecord> record) {
        RuntimeSettings settings = runtime.settings();
        if (record.isPresent()) {
            missingLogged = false;
            return StreambotEnv.Snapshot.of(record.get(), settings.source());
        }
        if (settings.missing() == MissingRecordPolicy.FAIL) {
            throw new StreambotConfigException(
                    functionName,
                    settings.table(),
                    null,
                    "no streambot config record for function '" + functionName + "' in table '" + settings.table()
                            + "' (key " + EnvRecord.NAME + "='" + functionName + "', "
                            + RuntimeSettings.MISSING_VARIABLE
                            + "=fail): write one with mvn streambot:put-env or a Custom::StreambotEnv resource, or set "
                            + RuntimeSettings.MISSING_VARIABLE + "=empty to run with an empty config",
                    null);
        }
        if (!missingLogged) {
            missingLogged = true;
            runtime.log(
                    context,
                    "no config record for function '" + functionName + "' in table '" + settings.table()
                            + "': running with an empty config (set " + RuntimeSettings.MISSING_VARIABLE
                            + "=fail to fail instead)");
        }
        return StreambotEnv.Snapshot.of(new EnvRecord(functionName, Map.of(), 0, Instant.EPOCH, ""), settings.source());
    }

    private void store(StreambotEnv.Snapshot snapshot, int epoch) {
        loaded = new Loaded(snapshot, nextRefresh(), epoch);
        CurrentEnv.loaded(snapshot);
    }

    private long nextRefresh() {
        return runtime.ticker().nanos() + runtime.settings().ttl().toNanos();
    }

    private void logChanges(Context context, StreambotEnv.Snapshot before, StreambotEnv.Snapshot after) {
        if (before.version() == after.version() && before.asMap().equals(after.asMap())) {
            return;
        }
        TreeSet<String> changed = new TreeSet<>(before.asMap().keySet());
        changed.addAll(after.asMap().keySet());
        changed.removeIf(k ->
                java.util.Objects.equals(before.asMap().get(k), after.asMap().get(k)));
        runtime.log(
                context,
                "refreshed the config of function '" + functionName + "': version " + before.version() + " -> "
                        + after.version() + ", " + after.asMap().size() + " keys, changed keys: "
                        + (changed.isEmpty() ? "none" : String.join(", ", changed)));
    }
}

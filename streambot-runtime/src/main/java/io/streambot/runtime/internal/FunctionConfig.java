package io.streambot.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.StreambotConfigException;
import io.streambot.runtime.StreambotEnv;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cached configuration of one function in one execution environment: loaded on the first
 * invocation (and the first after a SnapStart restore), which waits for it; refreshed after the TTL
 * by one invocation while the others keep being served the current snapshot.
 */
final class FunctionConfig {
    /** A loaded snapshot, when it is due for refresh, and the restore epoch it was loaded in. */
    private record Loaded(StreambotEnv.Snapshot snapshot, long refreshAtNanos, int epoch) {}

    private final String functionName;
    private final StreambotRuntime runtime;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile Loaded loaded;
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
            StreambotEnv.Snapshot snapshot = read(context);
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
        RuntimeSettings settings = runtime.settings();
        Optional<EnvRecord> record = runtime.read(functionName, context);
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

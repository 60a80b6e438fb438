package io.streambot.core.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streambot.core.Events;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a function the way Lambda's event source mapping runs a stream-triggered one: it polls each shard,
 * gives the function batches of real records in Lambda's event JSON (batch size, batching window), keeps
 * the order of each shard (a shard's next batch waits for the previous one to finish), retries a failed
 * batch (split in two first with bisect-on-error) up to the maximum retry attempts, honours {@code
 * batchItemFailures} answers, and checkpoints each shard after every finished batch, so a restart continues
 * after the last finished one. It only reads the stream.
 *
 * <p>A batch whose retries are exhausted is skipped (Lambda would send it to the mapping's on-failure
 * destination) and the shard moves on; each invocation is reported as one {@link BatchLine}.
 */
public final class LocalEventSourceMapping {
    /** How long to wait between reads of a shard that had nothing, as Lambda polls about once a second. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * When to stop; the mapping also stops when its thread is interrupted.
     *
     * @param maxBatches stop after this many invocations (retries count), 0 for no limit
     * @param idleTimeout stop after this long without a record on any shard, null for never
     */
    public record Limits(int maxBatches, Duration idleTimeout) {}

    /**
     * What a run did.
     *
     * @param invocations how many times the function was invoked
     * @param recordsDone records finished successfully
     * @param recordsSkipped records skipped after their retries were exhausted
     * @param failedInvocations invocations that failed or reported item failures
     * @param stopReason why it stopped: {@code max batches}, {@code idle}, {@code interrupted}, {@code shards closed}
     * @param checkpoints each shard's last finished sequence number
     */
    public record Summary(
            int invocations,
            int recordsDone,
            int recordsSkipped,
            int failedInvocations,
            String stopReason,
            Map<String, String> checkpoints) {}

    /** Time, a seam for tests of the batching window. */
    public interface Clock {
        long nanoTime();

        void sleep(Duration duration) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }
        };
    }

    private final StreamSource source;
    private final MappingSettings settings;
    private final Checkpoints checkpoints;
    private final BatchFunction function;
    private final Events events;
    private final Consumer<BatchLine> lines;
    private final Clock clock;

    private int invocations;
    private int recordsDone;
    private int recordsSkipped;
    private int failedInvocations;
    private int maxBatches;

    public LocalEventSourceMapping(
            StreamSource source,
            MappingSettings settings,
            Checkpoints checkpoints,
            BatchFunction function,
            Events events,
            Consumer<BatchLine> lines) {
        this(source, settings, checkpoints, function, events, lines, Clock.SYSTEM);
    }

    LocalEventSourceMapping(
            StreamSource source,
            MappingSettings settings,
            Checkpoints checkpoints,
            BatchFunction function,
            Events events,
            Consumer<BatchLine> lines,
            Clock clock) {
        this.source = source;
        this.settings = settings.validate();
        this.checkpoints = checkpoints;
        this.function = function;
        this.events = events;
        this.lines = lines;
        this.clock = clock;
    }

    /** A shard being read: its iterator, and whether it is closed and fully read. */
    private static final class ShardState {
        final StreamSource.Shard shard;
        String iterator;
        boolean closed;

        ShardState(StreamSource.Shard shard) {
            this.shard = shard;
        }
    }

    /** Polls and invokes until a limit is reached, the thread is interrupted, or every shard is closed and read. */
    public Summary run(Limits limits) {
        this.maxBatches = limits.maxBatches();
        Map<String, ShardState> shards = new LinkedHashMap<>();
        refreshShards(shards);
        events.info("Reading " + source.kind() + " stream " + source.arn() + " (" + shards.size() + " shard"
                + (shards.size() == 1 ? "" : "s") + ", batch size " + settings.batchSize() + ", window "
                + settings.batchingWindow().toSeconds() + " s, starting at " + settings.startingPosition()
                + " or after the checkpoints in " + checkpoints.file() + ")");
        long lastRecord = clock.nanoTime();
        try {
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    return summary("interrupted");
                }
                boolean read = false;
                for (ShardState state : shards.values()) {
                    if (state.closed || parentOpen(state, shards)) {
                        continue;
                    }
                    List<StreamRecord> batch = gather(state);
                    if (batch.isEmpty()) {
                        continue;
                    }
                    read = true;
                    if (!deliver(state.shard.id(), batch)) {
                        return summary("max batches");
                    }
                }
                if (read) {
                    lastRecord = clock.nanoTime();
                    continue;
                }
                if (!shards.isEmpty() && shards.values().stream().allMatch(s -> s.closed)) {
                    refreshShards(shards);
                    if (shards.values().stream().allMatch(s -> s.closed)) {
                        return summary("shards closed");
                    }
                }
                if (limits.idleTimeout() != null
                        && clock.nanoTime() - lastRecord >= limits.idleTimeout().toNanos()) {
                    return summary("idle");
                }
                clock.sleep(POLL_INTERVAL);
                refreshShards(shards);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return summary("interrupted");
        }
    }

    private void refreshShards(Map<String, ShardState> shards) {
        for (StreamSource.Shard shard : source.shards()) {
            shards.putIfAbsent(shard.id(), new ShardState(shard));
        }
    }

    /** A child shard waits until its parent, when the parent is still listed, is closed and read. */
    private static boolean parentOpen(ShardState state, Map<String, ShardState> shards) {
        String parent = state.shard.parentId();
        return parent != null && shards.containsKey(parent) && !shards.get(parent).closed;
    }

    /** Reads the shard's next batch: up to the batch size, gathering for the batching window once a record came. */
    private List<StreamRecord> gather(ShardState state) throws InterruptedException {
        String shardId = state.shard.id();
        if (state.iterator == null) {
            state.iterator = source.iterator(
                    shardId,
                    settings.startingPosition(),
                    checkpoints.get(shardId).orElse(null));
        }
        List<StreamRecord> batch = new ArrayList<>();
        long deadline = 0;
        while (true) {
            StreamSource.Page page = source.read(shardId, state.iterator, settings.batchSize() - batch.size());
            batch.addAll(page.records());
            state.iterator = page.nextIterator();
            if (state.iterator == null) {
                state.closed = true;
                return batch;
            }
            if (batch.isEmpty()
                    || batch.size() >= settings.batchSize()
                    || settings.batchingWindow().isZero()) {
                return batch;
            }
            if (deadline == 0) {
                deadline = clock.nanoTime() + settings.batchingWindow().toNanos();
            }
            long left = deadline - clock.nanoTime();
            if (left <= 0) {
                return batch;
            }
            clock.sleep(Duration.ofNanos(Math.min(left, POLL_INTERVAL.toNanos())));
        }
    }

    /**
     * Invokes the function with the batch until it is finished: succeeded, or skipped after its retries.
     *
     * @return false when the batch limit stopped it (the unfinished records stay after the checkpoint)
     */
    private boolean deliver(String shardId, List<StreamRecord> batch) {
        Deque<List<StreamRecord>> pending = new ArrayDeque<>();
        pending.add(batch);
        int retries = 0;
        while (!pending.isEmpty()) {
            if (maxBatches > 0 && invocations >= maxBatches) {
                return false;
            }
            List<StreamRecord> part = pending.pollFirst();
            long started = clock.nanoTime();
            BatchFunction.Outcome outcome = function.invoke(eventJson(part));
            Duration took = Duration.ofNanos(clock.nanoTime() - started);
            invocations++;
            int failedAt = outcome.succeeded() ? firstFailedItem(outcome.output(), part) : 0;
            String first = part.get(0).sequenceNumber();
            String last = part.get(part.size() - 1).sequenceNumber();
            if (failedAt < 0) {
                recordsDone += part.size();
                checkpoints.advance(shardId, last);
                lines.accept(new BatchLine(shardId, part.size(), first, last, "OK", retries, took));
                continue;
            }
            failedInvocations++;
            String result;
            List<StreamRecord> retry;
            if (outcome.succeeded()) {
                // batchItemFailures: the records before the first failed one are done; retry from it.
                if (failedAt > 0) {
                    recordsDone += failedAt;
                    checkpoints.advance(shardId, part.get(failedAt - 1).sequenceNumber());
                }
                retry = part.subList(failedAt, part.size());
                result = "PARTIAL: " + failedAt + " done, failed from "
                        + part.get(failedAt).sequenceNumber();
            } else {
                retry = part;
                result = "FAILED: " + outcome.error();
            }
            if (settings.mayRetry(retries)) {
                retries++;
                if (!outcome.succeeded() && settings.bisectOnError() && retry.size() > 1) {
                    int half = retry.size() / 2;
                    pending.addFirst(retry.subList(half, retry.size()));
                    pending.addFirst(retry.subList(0, half));
                    result += " -> bisected";
                } else {
                    pending.addFirst(retry);
                }
            } else {
                recordsSkipped += retry.size();
                checkpoints.advance(shardId, last);
                result += " -> SKIPPED " + retry.size() + " record" + (retry.size() == 1 ? "" : "s") + " after "
                        + retries + " retr" + (retries == 1 ? "y" : "ies");
            }
            lines.accept(new BatchLine(shardId, part.size(), first, last, result, Math.max(0, retries), took));
        }
        return true;
    }

    /**
     * With {@code ReportBatchItemFailures}, the index of the first record the answer names, or -1 when it names
     * none. An answer that names a record not in the batch, or that is not the documented shape, fails the
     * whole batch (0), as Lambda treats it.
     */
    private int firstFailedItem(String output, List<StreamRecord> batch) {
        if (!settings.reportBatchItemFailures() || output == null || output.isBlank()) {
            return -1;
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(output);
        } catch (IOException e) {
            return -1; // a plain return value, not an answer about items
        }
        JsonNode failures = answer == null ? null : answer.get("batchItemFailures");
        if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return -1;
        }
        if (!failures.isArray()) {
            events.warn("batchItemFailures is not a list: the whole batch counts as failed");
            return 0;
        }
        Set<String> named = new HashSet<>();
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText("");
            if (id.isBlank()) {
                events.warn("a batchItemFailures entry has no itemIdentifier: the whole batch counts as failed");
                return 0;
            }
            named.add(id);
        }
        Set<String> present = new HashSet<>();
        batch.forEach(r -> present.add(r.sequenceNumber()));
        if (!present.containsAll(named)) {
            named.removeAll(present);
            events.warn("batchItemFailures names " + named + ", not a sequence number of the batch: the whole"
                    + " batch counts as failed");
            return 0;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (named.contains(batch.get(i).sequenceNumber())) {
                return i;
            }
        }
        return -1;
    }

    /** Lambda's event for a stream batch: {@code {"Records": [...]}}. */
    static String eventJson(List<StreamRecord> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        batch.forEach(r -> records.add(r.eventRecord()));
        try {
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Summary summary(String reason) {
        return new Summary(invocations, recordsDone, recordsSkipped, failedInvocations, reason, checkpoints.all());
    }
}

package io.streambot.core.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambot.core.Events;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalKinesis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The local event source mapping against real local streams (kinesis-local, DynamoDB Local's Streams). The
 * function is a recording seam: these tests are about what the mapping gives it and does with its answers.
 */
@LocalAws
class LocalEventSourceMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalEventSourceMapping.Limits UNTIL_IDLE =
            new LocalEventSourceMapping.Limits(0, Duration.ofSeconds(1));

    @TempDir
    Path checkpointDir;

    /** Records what the function was given (each invocation's data strings) and answers by a rule. */
    static final class RecordingFunction implements BatchFunction {
        final List<List<String>> invocations = new ArrayList<>();
        final List<JsonNode> events = new ArrayList<>();
        private final Function<List<JsonNode>, Outcome> rule;

        RecordingFunction(Function<List<JsonNode>, Outcome> rule) {
            this.rule = rule;
        }

        @Override
        public Outcome invoke(String eventJson) {
            try {
                JsonNode event = JSON.readTree(eventJson);
                events.add(event);
                List<JsonNode> records = new ArrayList<>();
                event.path("Records").forEach(records::add);
                invocations.add(
                        records.stream().map(LocalEventSourceMappingTest::data).toList());
                return rule.apply(records);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Every record the function finished, in delivery order (successful invocations only). */
        List<String> delivered() {
            List<String> all = new ArrayList<>();
            invocations.forEach(all::addAll);
            return all;
        }
    }

    static String data(JsonNode record) {
        if (record.has("kinesis")) {
            return new String(
                    Base64.getDecoder()
                            .decode(record.path("kinesis").path("data").asText()),
                    StandardCharsets.UTF_8);
        }
        return record.path("dynamodb").path("NewImage").path("id").path("S").asText();
    }

    private static BatchFunction.Outcome ok(List<JsonNode> records) {
        return BatchFunction.Outcome.success("null");
    }

    private LocalEventSourceMapping mapping(
            StreamSource source, MappingSettings settings, BatchFunction function, List<BatchLine> lines) {
        return new LocalEventSourceMapping(
                source, settings, Checkpoints.load(checkpointDir, source.arn()), function, Events.silent(), lines::add);
    }

    private static MappingSettings settings(int batchSize, boolean bisect, int retries, boolean itemFailures) {
        return new MappingSettings(
                batchSize, Duration.ZERO, StartingPosition.TRIM_HORIZON, bisect, retries, itemFailures);
    }

    /** Runs the mapping over a Kinesis stream until it is idle. */
    private LocalEventSourceMapping.Summary drain(
            LocalKinesis kinesis, String arn, MappingSettings settings, BatchFunction function, List<BatchLine> lines) {
        return mapping(new KinesisStreamSource(kinesis.client(), arn), settings, function, lines)
                .run(UNTIL_IDLE);
    }

    /** A function that fails every batch it is given. */
    private static RecordingFunction failingWith(String error) {
        return new RecordingFunction(records -> BatchFunction.Outcome.failure(error));
    }

    /** What a test does with its stream: its name and ARN. */
    interface StreamBody {
        void run(String stream, String arn) throws Exception;
    }

    /**
     * Creates a Kinesis stream with {@code records} records r0, r1, ... under one key, runs the body and deletes
     * the stream, also when the body fails.
     */
    private static void withStream(LocalKinesis kinesis, String name, int shards, int records, StreamBody body)
            throws Exception {
        String stream = LocalKinesis.uniqueStreamName(name);
        String arn = kinesis.createStream(stream, shards);
        try {
            for (int i = 0; i < records; i++) {
                kinesis.put(stream, "k", "r" + i);
            }
            body.run(stream, arn);
        } finally {
            kinesis.deleteStream(stream);
        }
    }

    @Test
    void eachShardIsDeliveredInOrderInBatchesOfAtMostTheBatchSize(LocalKinesis kinesis) throws Exception {
        withStream(kinesis, "esm-order", 2, 0, (stream, arn) -> {
            Map<String, List<String>> putByShard = new LinkedHashMap<>();
            for (int i = 0; i < 24; i++) {
                String value = "r" + i;
                var put = kinesis.put(stream, "key-" + (i % 5), value);
                putByShard
                        .computeIfAbsent(put.shardId(), s -> new ArrayList<>())
                        .add(value);
            }
            assertThat(putByShard).as("the keys spread over both shards").hasSize(2);
            RecordingFunction function = new RecordingFunction(LocalEventSourceMappingTest::ok);
            List<BatchLine> lines = new ArrayList<>();

            var summary = drain(kinesis, arn, settings(4, false, -1, false), function, lines);

            assertThat(summary.stopReason()).isEqualTo("idle");
            assertThat(summary.recordsDone()).isEqualTo(24);
            assertThat(function.invocations)
                    .allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 4));
            Map<String, List<String>> deliveredByShard = new LinkedHashMap<>();
            for (JsonNode event : function.events) {
                for (JsonNode record : event.path("Records")) {
                    String shard = record.path("eventID").asText().split(":")[0];
                    deliveredByShard
                            .computeIfAbsent(shard, s -> new ArrayList<>())
                            .add(data(record));
                    assertThat(record.path("eventSource").asText()).isEqualTo("aws:kinesis");
                    assertThat(record.path("eventSourceARN").asText()).isEqualTo(arn);
                }
            }
            assertThat(deliveredByShard).isEqualTo(putByShard);
            assertThat(lines).allSatisfy(line -> assertThat(line.result()).isEqualTo("OK"));
            assertThat(lines.get(0).toString())
                    .contains(" records  ")
                    .contains("OK")
                    .endsWith(" ms");
        });
    }

    @Test
    void aFailingBatchIsBisectedUntilThePoisonRecordIsSkippedAfterItsRetries(LocalKinesis kinesis) throws Exception {
        withStream(kinesis, "esm-bisect", 1, 8, (stream, arn) -> {
            RecordingFunction function =
                    new RecordingFunction(records -> records.stream().anyMatch(r -> data(r).equals("r5"))
                            ? BatchFunction.Outcome.failure("IllegalStateException: poison r5")
                            : ok(records));
            List<BatchLine> lines = new ArrayList<>();

            var summary = drain(kinesis, arn, settings(8, true, 3, false), function, lines);

            // 8 fails -> [0-3] ok, [4-7] fails -> [4,5] fails -> [4] ok, [5] fails: retries exhausted -> skipped; [6,7]
            // ok
            assertThat(function.invocations)
                    .containsExactly(
                            List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"),
                            List.of("r0", "r1", "r2", "r3"),
                            List.of("r4", "r5", "r6", "r7"),
                            List.of("r4", "r5"),
                            List.of("r4"),
                            List.of("r5"),
                            List.of("r6", "r7"));
            assertThat(summary.recordsDone()).isEqualTo(7);
            assertThat(summary.recordsSkipped()).isEqualTo(1);
            assertThat(lines.get(0).result())
                    .startsWith("FAILED: IllegalStateException: poison r5")
                    .endsWith("bisected");
            assertThat(lines.get(5).result()).contains("SKIPPED 1 record after 3 retries");
            assertThat(summary.checkpoints()).containsValue(lines.get(6).lastSequenceNumber());
        });
    }

    @Test
    void withoutBisectAFailingBatchIsRetriedWholeUpToTheMaximumRetryAttempts(LocalKinesis kinesis) throws Exception {
        withStream(kinesis, "esm-retry", 1, 3, (stream, arn) -> {
            RecordingFunction function = failingWith("RuntimeException: down");
            List<BatchLine> lines = new ArrayList<>();

            var summary = drain(kinesis, arn, settings(10, false, 2, false), function, lines);

            assertThat(function.invocations).hasSize(3).allSatisfy(b -> assertThat(b)
                    .containsExactly("r0", "r1", "r2"));
            assertThat(lines).extracting(BatchLine::retry).containsExactly(1, 2, 2);
            assertThat(lines.get(2).result()).contains("SKIPPED 3 records after 2 retries");
            assertThat(summary.recordsSkipped()).isEqualTo(3);
            assertThat(summary.failedInvocations()).isEqualTo(3);
        });
    }

    @Test
    void reportedItemFailuresCheckpointTheRecordsBeforeThemAndRetryFromTheFirstFailed(LocalKinesis kinesis)
            throws Exception {
        withStream(kinesis, "esm-partial", 1, 5, (stream, arn) -> {
            Set<String> failedOnce = new HashSet<>();
            RecordingFunction function = new RecordingFunction(records -> {
                for (JsonNode r : records) {
                    if ((data(r).equals("r2") || data(r).equals("r4")) && failedOnce.add(data(r))) {
                        return BatchFunction.Outcome.success("{\"batchItemFailures\":[{\"itemIdentifier\":\""
                                + r.path("kinesis").path("sequenceNumber").asText() + "\"}]}");
                    }
                }
                return ok(records);
            });
            List<BatchLine> lines = new ArrayList<>();

            var summary = drain(kinesis, arn, settings(10, true, -1, true), function, lines);

            assertThat(function.invocations)
                    .containsExactly(List.of("r0", "r1", "r2", "r3", "r4"), List.of("r2", "r3", "r4"), List.of("r4"));
            assertThat(lines.get(0).result()).startsWith("PARTIAL: 2 done, failed from");
            assertThat(summary.recordsDone()).isEqualTo(5);
            assertThat(summary.recordsSkipped()).isZero();
        });
    }

    @Test
    void anItemFailureNamingNoRecordOfTheBatchFailsTheWholeBatch(LocalKinesis kinesis) throws Exception {
        withStream(kinesis, "esm-badid", 1, 2, (stream, arn) -> {
            RecordingFunction function = new RecordingFunction(records ->
                    BatchFunction.Outcome.success("{\"batchItemFailures\":[{\"itemIdentifier\":\"12345\"}]}"));

            var summary = drain(kinesis, arn, settings(10, false, 0, true), function, new ArrayList<>());

            assertThat(function.invocations).containsExactly(List.of("r0", "r1"));
            assertThat(summary.recordsSkipped()).isEqualTo(2);
            assertThat(summary.recordsDone()).isZero();
        });
    }

    @Test
    void aRestartContinuesAfterTheLastFinishedBatch(LocalKinesis kinesis) throws Exception {
        withStream(kinesis, "esm-restart", 1, 7, (stream, arn) -> {
            RecordingFunction first = new RecordingFunction(LocalEventSourceMappingTest::ok);
            var stopped = mapping(
                            new KinesisStreamSource(kinesis.client(), arn),
                            settings(3, false, -1, false),
                            first,
                            new ArrayList<>())
                    .run(new LocalEventSourceMapping.Limits(2, null));
            assertThat(stopped.stopReason()).isEqualTo("max batches");
            assertThat(first.delivered()).containsExactly("r0", "r1", "r2", "r3", "r4", "r5");

            RecordingFunction second = new RecordingFunction(LocalEventSourceMappingTest::ok);
            drain(kinesis, arn, settings(3, false, -1, false), second, new ArrayList<>());

            assertThat(second.delivered()).containsExactly("r6");
        });
    }

    @Test
    void aBatchStoppedByTheLimitIsNotCheckpointedAndIsDeliveredAgainAfterARestart(LocalKinesis kinesis)
            throws Exception {
        withStream(kinesis, "esm-unfinished", 1, 2, (stream, arn) -> {
            RecordingFunction failing = failingWith("RuntimeException: down");
            mapping(
                            new KinesisStreamSource(kinesis.client(), arn),
                            settings(10, false, -1, false),
                            failing,
                            new ArrayList<>())
                    .run(new LocalEventSourceMapping.Limits(2, null));
            assertThat(failing.invocations).hasSize(2);

            RecordingFunction healthy = new RecordingFunction(LocalEventSourceMappingTest::ok);
            drain(kinesis, arn, settings(10, false, -1, false), healthy, new ArrayList<>());

            assertThat(healthy.delivered()).containsExactly("r0", "r1");
        });
    }

    @Test
    void latestSkipsTheRecordsWrittenBeforeTheStartAndTrimHorizonReadsThem(LocalKinesis kinesis) throws Exception {
        withStream(kinesis, "esm-latest", 1, 0, (stream, arn) -> {
            kinesis.put(stream, "k", "old");
            RecordingFunction latest = new RecordingFunction(LocalEventSourceMappingTest::ok);
            boolean[] written = {false};
            // Written while the mapping waits for records, after it took its LATEST iterator.
            LocalEventSourceMapping.Clock writesWhileIdle = new LocalEventSourceMapping.Clock() {
                @Override
                public long nanoTime() {
                    return System.nanoTime();
                }

                @Override
                public void sleep(Duration duration) throws InterruptedException {
                    if (!written[0]) {
                        kinesis.put(stream, "k", "new");
                        written[0] = true;
                    }
                    Thread.sleep(duration.toMillis());
                }
            };
            KinesisStreamSource source = new KinesisStreamSource(kinesis.client(), arn);
            new LocalEventSourceMapping(
                            source,
                            new MappingSettings(10, Duration.ZERO, StartingPosition.LATEST, false, -1, false),
                            Checkpoints.load(checkpointDir.resolve("latest"), arn),
                            latest,
                            Events.silent(),
                            line -> {},
                            writesWhileIdle)
                    .run(UNTIL_IDLE);
            assertThat(latest.delivered()).containsExactly("new");

            RecordingFunction trimHorizon = new RecordingFunction(LocalEventSourceMappingTest::ok);
            mapping(source, settings(10, false, -1, false), trimHorizon, new ArrayList<>())
                    .run(UNTIL_IDLE);
            assertThat(trimHorizon.delivered()).containsExactly("old", "new");
        });
    }

    @Test
    void theBatchingWindowGathersRecordsThatArriveWhileItIsOpen(LocalKinesis kinesis) throws Exception {
        withStream(kinesis, "esm-window", 1, 1, (stream, arn) -> {
            int[] sleeps = {0};
            long[] now = {0};
            // A clock that only moves when the mapping sleeps; a record arrives during each of the first sleeps.
            LocalEventSourceMapping.Clock clock = new LocalEventSourceMapping.Clock() {
                @Override
                public long nanoTime() {
                    return now[0];
                }

                @Override
                public void sleep(Duration duration) {
                    if (++sleeps[0] <= 2) {
                        kinesis.put(stream, "k", "r" + sleeps[0]);
                    }
                    now[0] += duration.toNanos();
                }
            };
            RecordingFunction function = new RecordingFunction(LocalEventSourceMappingTest::ok);
            new LocalEventSourceMapping(
                            new KinesisStreamSource(kinesis.client(), arn),
                            new MappingSettings(
                                    10, Duration.ofSeconds(1), StartingPosition.TRIM_HORIZON, false, -1, false),
                            Checkpoints.load(checkpointDir, arn),
                            function,
                            Events.silent(),
                            line -> {},
                            clock)
                    .run(new LocalEventSourceMapping.Limits(0, Duration.ofSeconds(2)));

            assertThat(function.invocations).containsExactly(List.of("r0", "r1", "r2"));
        });
    }

    @Test
    void aDynamoDbStreamIsDeliveredInOrderAsDynamodbEventRecords(LocalDynamoDb dynamo) {
        String table =
                dynamo.createTable(LocalDynamoDb.uniqueTableName("esm-ddb"), "id", StreamViewType.NEW_AND_OLD_IMAGES);
        try {
            for (int i = 0; i < 5; i++) {
                String id = "item" + i;
                String n = Integer.toString(i);
                dynamo.client().putItem(b -> b.tableName(table)
                        .item(Map.of(
                                "id", AttributeValue.fromS(id),
                                "n", AttributeValue.fromN(n))));
            }
            dynamo.client().deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("item0"))));
            RecordingFunction function = new RecordingFunction(LocalEventSourceMappingTest::ok);
            DynamoDbStreamSource source = DynamoDbStreamSource.ofTable(dynamo.client(), dynamo.streams(), table);
            List<BatchLine> lines = new ArrayList<>();

            var summary = mapping(source, settings(2, false, -1, false), function, lines)
                    .run(UNTIL_IDLE);

            assertThat(summary.recordsDone()).isEqualTo(6);
            assertThat(function.invocations).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 2));
            List<JsonNode> records = new ArrayList<>();
            function.events.forEach(e -> e.path("Records").forEach(records::add));
            assertThat(records)
                    .extracting(r -> r.path("eventName").asText())
                    .containsExactly("INSERT", "INSERT", "INSERT", "INSERT", "INSERT", "REMOVE");
            assertThat(records.subList(0, 5))
                    .extracting(LocalEventSourceMappingTest::data)
                    .containsExactly("item0", "item1", "item2", "item3", "item4");
            JsonNode remove = records.get(5);
            assertThat(remove.path("dynamodb")
                            .path("OldImage")
                            .path("n")
                            .path("N")
                            .asText())
                    .isEqualTo("0");
            assertThat(remove.path("dynamodb").path("Keys").path("id").path("S").asText())
                    .isEqualTo("item0");
            assertThat(remove.path("eventSource").asText()).isEqualTo("aws:dynamodb");
            assertThat(remove.path("eventSourceARN").asText()).isEqualTo(source.arn());
        } finally {
            dynamo.client().deleteTable(b -> b.tableName(table));
        }
    }
}

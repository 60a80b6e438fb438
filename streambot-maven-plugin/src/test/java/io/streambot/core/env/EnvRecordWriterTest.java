package io.streambot.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.RecordingEvents;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.EnvRecordRules;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@LocalAws
class EnvRecordWriterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    private final RecordingEvents events = new RecordingEvents();
    private DynamoDbClient dynamo;
    private String table;
    private String function;

    @BeforeEach
    void table(LocalDynamoDb local) {
        dynamo = local.client();
        table = local.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        function = "fn-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createsTheRecordWhenThereIsNone() {
        EnvWriteResult result = writer().write(env(function, "A", secret(), "B", secret()), false, false);

        EnvRecord stored = stored(function);
        assertThat(result.written()).isTrue();
        assertThat(result.previousVersion()).isZero();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.updatedBy()).isEqualTo("put-env");
        assertThat(stored.updatedAt()).isEqualTo(CLOCK.instant());
        assertThat(stored.env()).containsOnlyKeys("A", "B");
        assertThat(result.diff().added()).containsExactly("A", "B");
        assertThat(events.infos).anyMatch(m -> m.contains("no record yet"));
    }

    @Test
    void anUnchangedConfigWritesNothing() {
        FunctionEnv desired = env(function, "A", secret());
        writer().write(desired, false, false);
        events.infos.clear();

        EnvWriteResult again = writer().write(desired, false, false);

        assertThat(again.written()).isFalse();
        assertThat(again.diff().isEmpty()).isTrue();
        assertThat(stored(function).version()).isEqualTo(1);
        assertThat(events.infos).anyMatch(m -> m.contains("up to date (version 1): nothing written"));
    }

    @Test
    void aChangeIsShownByKeyWithValuesMaskedAndIncrementsTheVersion() {
        String a1 = secret();
        String a2 = secret();
        String b = secret();
        String c = secret();
        writer().write(env(function, "A", a1, "B", b), false, false);

        EnvWriteResult result = writer().write(env(function, "A", a2, "C", c), false, false);

        assertThat(result.diff().added()).containsExactly("C");
        assertThat(result.diff().changed()).containsExactly("A");
        assertThat(result.diff().removed()).containsExactly("B");
        assertThat(stored(function).version()).isEqualTo(2);
        assertThat(stored(function).env()).isEqualTo(Map.of("A", a2, "C", c));
        assertThat(events.infos).contains("  + C = ****", "  ~ A = ****", "  - B");
        assertThat(events.all()).noneMatch(m -> m.contains(a1) || m.contains(a2) || m.contains(b) || m.contains(c));
    }

    @Test
    void aDryRunShowsTheDiffAndWritesNothing() {
        String value = secret();
        EnvWriteResult result = writer().write(env(function, "A", value), true, false);

        assertThat(result.written()).isFalse();
        assertThat(result.diff().added()).containsExactly("A");
        assertThat(dynamo.getItem(b -> b.tableName(table).key(EnvRecord.key(function)))
                        .hasItem())
                .isFalse();
        assertThat(events.infos).contains("  + A = ****").anyMatch(m -> m.contains("Dry run"));
        assertThat(events.all()).noneMatch(m -> m.contains(value));
    }

    @Test
    void ofTwoConcurrentWritersOneWinsAndTheOtherFailsCleanlyNamingBothVersions() throws Exception {
        writer().write(env(function, "A", "base"), false, false);
        CyclicBarrier bothRead = new CyclicBarrier(2);
        EnvRecordWriter racing = new EnvRecordWriter(dynamo, table, CLOCK, events, name -> {
            try {
                bothRead.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<EnvWriteResult> first = pool.submit(() -> racing.write(env(function, "A", "one"), false, false));
            Future<EnvWriteResult> second = pool.submit(() -> racing.write(env(function, "A", "two"), false, false));
            List<Object> outcomes = new ArrayList<>();
            for (Future<EnvWriteResult> f : List.of(first, second)) {
                try {
                    outcomes.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }

            assertThat(outcomes).filteredOn(EnvWriteResult.class::isInstance).hasSize(1);
            assertThat(outcomes)
                    .filteredOn(ConcurrentEnvChangeException.class::isInstance)
                    .singleElement()
                    .satisfies(o -> assertThat(((Throwable) o).getMessage())
                            .contains("function '" + function + "'")
                            .contains("read version 1")
                            .contains("now holds version 2 written by put-env")
                            .contains("-Dstreambot.force=true"));
            EnvWriteResult winner = (EnvWriteResult) outcomes.stream()
                    .filter(EnvWriteResult.class::isInstance)
                    .findFirst()
                    .orElseThrow();
            EnvRecord stored = stored(function);
            assertThat(stored.version()).isEqualTo(2).isEqualTo(winner.version());
            assertThat(stored.env().get("A")).isIn("one", "two");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoWritersCreatingTheSameRecordCannotBothSucceed() throws Exception {
        CyclicBarrier bothRead = new CyclicBarrier(2);
        EnvRecordWriter racing = new EnvRecordWriter(dynamo, table, CLOCK, events, name -> {
            try {
                bothRead.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<EnvWriteResult>> futures = List.of(
                    pool.submit(() -> racing.write(env(function, "A", "one"), false, false)),
                    pool.submit(() -> racing.write(env(function, "A", "two"), false, false)));
            int failures = 0;
            for (Future<EnvWriteResult> f : futures) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause())
                            .isInstanceOf(ConcurrentEnvChangeException.class)
                            .hasMessageContaining("read version 0 (no record)");
                    failures++;
                }
            }
            assertThat(failures).isEqualTo(1);
            assertThat(stored(function).version()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void forceOverwritesAConcurrentChangeKnowinglyAndKeepsVersionsIncreasing() {
        writer().write(env(function, "A", "base"), false, false);
        EnvRecordWriter interfered = new EnvRecordWriter(dynamo, table, CLOCK, events, name -> {
            EnvRecord current = stored(name);
            if (current.version() == 1) {
                dynamo.putItem(b -> b.tableName(table)
                        .item(new EnvRecord(name, Map.of("A", "other"), 2, CLOCK.instant(), "someone").toItem()));
            }
        });

        assertThatThrownBy(() -> interfered.write(env(function, "A", "mine"), false, false))
                .isInstanceOf(ConcurrentEnvChangeException.class)
                .hasMessageContaining("written by someone");
        assertThat(stored(function).env()).containsEntry("A", "other");

        dynamo.putItem(b -> b.tableName(table)
                .item(new EnvRecord(function, Map.of("A", "base"), 1, CLOCK.instant(), "put-env").toItem()));
        EnvWriteResult forced = interfered.write(env(function, "A", "mine"), false, true);

        assertThat(forced.version()).isEqualTo(3);
        assertThat(stored(function).env()).containsEntry("A", "mine");
        assertThat(events.warnings).anyMatch(m -> m.contains("overwriting it") && m.contains("someone"));
    }

    @Test
    void anOversizedRecordIsRejectedBeforeAnyCallNamingItsSize() {
        FunctionEnv huge = env(function, "CERT", "x".repeat(FunctionEnv.MAX_RECORD_BYTES));

        assertThatThrownBy(() -> writer().write(huge, false, false))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageMatching("(?s).*makes a config record of \\d+ bytes, over streambot's limit of "
                        + FunctionEnv.MAX_RECORD_BYTES + " bytes.*")
                .hasMessageContaining("400 KB");
        assertThat(dynamo.getItem(b -> b.tableName(table).key(EnvRecord.key(function)))
                        .hasItem())
                .isFalse();
    }

    @Test
    void keyNamesMustBeEnvironmentVariableNames() {
        for (String bad : List.of("1ST", "WITH-DASH", "has space", "")) {
            assertThatThrownBy(() -> writer().write(env(function, bad, "v"), false, false))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("is not an environment-variable name");
        }
        assertThat(writer().write(env(function, "_ok_1", "v", "Mixed_Case", "w"), false, false)
                        .written())
                .isTrue();
    }

    @Test
    void severalFunctionsAreValidatedFirstThenEachWritten() {
        String other = function + "-b";
        List<FunctionEnv> withABadOne = List.of(env(function, "A", "1"), env(other, "BAD-KEY", "2"));
        assertThatThrownBy(() -> writer().writeAll(withABadOne, false, false))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(dynamo.getItem(b -> b.tableName(table).key(EnvRecord.key(function)))
                        .hasItem())
                .as("nothing is written when any function is invalid")
                .isFalse();

        List<EnvWriteResult> results =
                writer().writeAll(List.of(env(function, "A", "1"), env(other, "B", "2")), false, false);

        assertThat(results).extracting(EnvWriteResult::written).containsExactly(true, true);
        assertThat(stored(function).env()).isEqualTo(Map.of("A", "1"));
        assertThat(stored(other).env()).isEqualTo(Map.of("B", "2"));
    }

    @Test
    void aMissingTableNamesTheElementAndTheFix() {
        EnvRecordWriter missing = new EnvRecordWriter(dynamo, "no-such-table-" + function, CLOCK, events);

        assertThatThrownBy(() -> missing.write(env(function, "A", "1"), false, false))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<envTable> (-Dstreambot.envTable)")
                .hasMessageContaining("primaryStack");
    }

    @Test
    void aFunctionArnIsReducedToTheNameTheRuntimeReadsAndTheRecordIsPutEnvs() {
        String arn = "arn:aws:lambda:eu-west-3:123456789012:function:" + function;

        EnvWriteResult result = writer().write(env(arn, "A", "1"), false, false);

        assertThat(result.functionName()).isEqualTo(function);
        assertThat(stored(function).env()).isEqualTo(Map.of("A", "1"));
        assertThat(stored(function).owner()).isEqualTo(EnvRecordRules.PUT_ENV_OWNER);
        assertThat(events.infos).anyMatch(m -> m.contains("stored under the function's name '" + function + "'"));
    }

    @Test
    void aVersionOrAliasIsRefusedBeforeAnyCallNamingTheFix() {
        for (String qualified :
                List.of(function + ":prod", "arn:aws:lambda:eu-west-3:123456789012:function:" + function + ":7")) {
            assertThatThrownBy(() -> writer().write(env(qualified, "A", "1"), false, false))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("<functionName> (-Dstreambot.functionName)")
                    .hasMessageContaining("names a version or alias")
                    .hasMessageContaining("give '" + function + "'");
        }
        assertThat(dynamo.getItem(b -> b.tableName(table).key(EnvRecord.key(function)))
                        .hasItem())
                .isFalse();
    }

    @Test
    void aRecordWithoutVersionAsOlderToolsWroteThemIsUpdated() {
        dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(
                        EnvRecord.NAME, AttributeValue.builder().s(function).build(),
                        EnvRecord.ENV,
                                AttributeValue.builder()
                                        .m(Map.of(
                                                "A",
                                                AttributeValue.builder()
                                                        .s("old")
                                                        .build()))
                                        .build())));

        EnvWriteResult result = writer().write(env(function, "A", "new"), false, false);

        assertThat(result.written()).isTrue();
        assertThat(stored(function).version()).isEqualTo(1);
        assertThat(stored(function).env()).isEqualTo(Map.of("A", "new"));
    }

    @Test
    void aRecordAStackOwnsIsRefusedNamingTheOwnerAndTheSwitchUnlessTakenOver() {
        String owner = EnvRecordRules.stackOwner("arn:aws:cloudformation:eu-west-3:123456789012:stack/svc/1", "Config");
        dynamo.putItem(b -> b.tableName(table)
                .item(new EnvRecord(function, Map.of("A", "stack"), 4, CLOCK.instant(), "Custom::StreambotEnv", owner)
                        .toItem()));

        assertThatThrownBy(() -> writer().write(env(function, "A", "mine"), false, false))
                .isInstanceOf(EnvOwnershipException.class)
                .hasMessageContaining("owned by the Custom::StreambotEnv resource arn:aws:cloudformation:eu-west-3:"
                        + "123456789012:stack/svc/1/Config")
                .hasMessageContaining("-Dstreambot.env.takeOwnership=true");
        assertThat(stored(function).env()).isEqualTo(Map.of("A", "stack"));

        EnvWriteResult taken = writer().write(env(function, "A", "mine"), false, false, true);

        assertThat(taken.version()).isEqualTo(5);
        assertThat(stored(function).owner()).isEqualTo(EnvRecordRules.PUT_ENV_OWNER);
        assertThat(stored(function).env()).isEqualTo(Map.of("A", "mine"));
    }

    private EnvRecordWriter writer() {
        return new EnvRecordWriter(dynamo, table, CLOCK, events);
    }

    private EnvRecord stored(String name) {
        return EnvRecord.fromItem(
                dynamo.getItem(b -> b.tableName(table).key(EnvRecord.key(name)).consistentRead(true))
                        .item());
    }

    private static FunctionEnv env(String function, String... keysAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new FunctionEnv(function, values, "<env>");
    }

    private static String secret() {
        return "s3cr3t-" + UUID.randomUUID();
    }
}

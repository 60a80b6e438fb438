package io.streambot.core.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.core.RecordingEvents;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.EnvRecordRestore;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** put-env's writes of one build are undone after a failed deploy, conditionally on the version written. */
@LocalAws
class PutEnvCompensationTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    private final RecordingEvents events = new RecordingEvents();
    private DynamoDbClient dynamo;
    private String table;
    private String function;

    @TempDir
    Path target;

    @BeforeEach
    void table(LocalDynamoDb local) {
        dynamo = local.client();
        table = local.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        function = "fn-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aFailedDeployRestoresTheRecordAsItWasBeforeTheBuildWithAGrowingVersion() throws Exception {
        dynamo.putItem(b -> b.tableName(table)
                .item(new EnvRecord(function, Map.of("MODE", "old"), 3, Instant.EPOCH, "put-env", "put-env").toItem()));
        PutEnvCompensation build = new PutEnvCompensation(target, "build-1");
        build.record(table, writer().write(env("MODE", "new", "EXTRA", "x"), false, false));
        assertThat(stored().env()).containsEntry("MODE", "new");
        Path journal = target.resolve("put-env-" + function + ".json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)))
                .isEqualTo("rw-------");

        var restored = build.restore(dynamo, CLOCK, events);

        assertThat(restored)
                .extracting(PutEnvCompensation.Restored::result)
                .containsExactly(EnvRecordRestore.Result.RESTORED);
        assertThat(stored().env()).isEqualTo(Map.of("MODE", "old"));
        assertThat(stored().version()).isEqualTo(5);
        assertThat(stored().owner()).isEqualTo("put-env");
        assertThat(events.infos)
                .anyMatch(m -> m.startsWith("Restored the config of function '" + function + "'")
                        && m.contains("because the deploy failed"));
        assertThat(journal).doesNotExist();
    }

    @Test
    void aRecordThatPutEnvCreatedIsDeletedAgain() {
        PutEnvCompensation build = new PutEnvCompensation(target, "build-1");
        build.record(table, writer().write(env("MODE", "new"), false, false));

        build.restore(dynamo, CLOCK, events);

        assertThat(dynamo.getItem(b ->
                                b.tableName(table).key(EnvRecord.key(function)).consistentRead(true))
                        .hasItem())
                .isFalse();
        assertThat(events.infos).anyMatch(m -> m.startsWith("Deleted the config record of function '" + function));
    }

    @Test
    void aRecordAnotherWriterChangedSinceIsLeftAlone() {
        PutEnvCompensation build = new PutEnvCompensation(target, "build-1");
        build.record(table, writer().write(env("MODE", "new"), false, false));
        dynamo.putItem(b -> b.tableName(table)
                .item(new EnvRecord(function, Map.of("MODE", "theirs"), 2, CLOCK.instant(), "Custom::StreambotEnv")
                        .toItem()));

        var restored = build.restore(dynamo, CLOCK, events);

        assertThat(restored)
                .extracting(PutEnvCompensation.Restored::result)
                .containsExactly(EnvRecordRestore.Result.LEFT_ALONE);
        assertThat(stored().env()).isEqualTo(Map.of("MODE", "theirs"));
        assertThat(events.warnings).anyMatch(m -> m.contains("the other writer's values are kept"));
    }

    @Test
    void onlyThisBuildsWritesAreUndoneAndASuccessfulDeployForgetsThem() {
        new PutEnvCompensation(target, "an-earlier-build")
                .record(table, writer().write(env("MODE", "a"), false, false));
        PutEnvCompensation build = new PutEnvCompensation(target, "build-2");

        assertThat(build.restore(dynamo, CLOCK, events)).isEmpty();
        assertThat(stored().env()).isEqualTo(Map.of("MODE", "a"));

        build.record(table, writer().write(env("MODE", "b"), false, false));
        build.forget();

        assertThat(build.restore(dynamo, CLOCK, events)).isEmpty();
        assertThat(stored().env()).isEqualTo(Map.of("MODE", "b"));
    }

    private EnvRecordWriter writer() {
        return new EnvRecordWriter(dynamo, table, CLOCK, events);
    }

    private EnvRecord stored() {
        return EnvRecord.fromItem(dynamo.getItem(
                        b -> b.tableName(table).key(EnvRecord.key(function)).consistentRead(true))
                .item());
    }

    private FunctionEnv env(String... keysAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new FunctionEnv(function, values, "<env>");
    }
}

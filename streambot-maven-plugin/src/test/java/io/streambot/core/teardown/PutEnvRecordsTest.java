package io.streambot.core.teardown;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.core.RecordingEvents;
import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which config records teardown deletes, on DynamoDB Local or, unchanged, on the external endpoint of
 * {@code streambot.it.endpoint}: put-env's only, and only when unchanged since read. The table is deleted
 * after the test, also when it fails.
 */
@LocalAws
class PutEnvRecordsTest {
    final RecordingEvents events = new RecordingEvents();

    static void put(LocalDynamoDb dynamo, String table, String function, String by, long version) {
        dynamo.client().putItem(b -> b.tableName(table)
                .item(new EnvRecord(function, Map.of("K", "v"), version, Instant.parse("2026-11-01T00:00:00Z"), by)
                        .toItem()));
    }

    static List<String> names(LocalDynamoDb dynamo, String table) {
        return dynamo.client().scan(b -> b.tableName(table)).items().stream()
                .map(i -> i.get(EnvRecord.NAME).s())
                .sorted()
                .toList();
    }

    @Test
    void deletesOnlyPutEnvsRecordsOfTheGivenFunctions(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("put-env-records"), EnvRecord.NAME);
        try {
            put(dynamo, table, "svc-Ingest-1", "put-env", 4);
            put(dynamo, table, "svc-Echo-1", "Custom::StreambotEnv", 1);
            put(dynamo, table, "other-fn", "put-env", 1);
            // A record that names its owner: the owner decides, not the last writer.
            Map<String, AttributeValue> owned = new java.util.HashMap<>(
                    new EnvRecord("svc-Owned-1", Map.of(), 2, Instant.parse("2026-11-01T00:00:00Z"), "console")
                            .toItem());
            owned.put(PutEnvRecords.OWNER, AttributeValue.builder().s("put-env").build());
            dynamo.client().putItem(b -> b.tableName(table).item(owned));
            PutEnvRecords records = new PutEnvRecords(dynamo.client(), table, events);
            List<String> left = new ArrayList<>();

            Map<String, Long> found =
                    records.owned(List.of("svc-Ingest-1", "svc-Echo-1", "svc-Owned-1", "svc-None-1"), left);
            List<String> deleted = records.delete(found, left);

            assertThat(found).containsExactly(Map.entry("svc-Ingest-1", 4L), Map.entry("svc-Owned-1", 2L));
            assertThat(deleted).containsExactly("svc-Ingest-1", "svc-Owned-1");
            assertThat(names(dynamo, table)).containsExactly("other-fn", "svc-Echo-1");
            assertThat(left)
                    .containsExactly("config record 'svc-Echo-1': written by Custom::StreambotEnv, not put-env");
        } finally {
            dynamo.client().deleteTable(b -> b.tableName(table));
        }
    }

    @Test
    void aRecordChangedSinceItWasReadIsLeft(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("put-env-records"), EnvRecord.NAME);
        try {
            put(dynamo, table, "svc-Ingest-1", "put-env", 4);
            PutEnvRecords records = new PutEnvRecords(dynamo.client(), table, events);
            List<String> left = new ArrayList<>();
            Map<String, Long> found = records.owned(List.of("svc-Ingest-1"), left);
            put(dynamo, table, "svc-Ingest-1", "Custom::StreambotEnv", 5);

            assertThat(records.delete(found, left)).isEmpty();

            assertThat(names(dynamo, table)).containsExactly("svc-Ingest-1");
            assertThat(left)
                    .containsExactly("config record 'svc-Ingest-1': changed by another writer while teardown ran");
        } finally {
            dynamo.client().deleteTable(b -> b.tableName(table));
        }
    }

    @Test
    void aMissingTableIsSaidAndNothingFails(LocalDynamoDb dynamo) {
        List<String> left = new ArrayList<>();

        Map<String, Long> found = new PutEnvRecords(dynamo.client(), LocalDynamoDb.uniqueTableName("absent"), events)
                .owned(List.of("svc-Ingest-1"), left);

        assertThat(found).isEmpty();
        assertThat(left).singleElement().asString().contains("does not exist");
    }
}

package io.streambot.core.teardown;

import io.streambot.core.Events;
import io.streambot.core.aws.AwsErrors;
import io.streambot.core.env.EnvRecordWriter;
import io.streambot.runtime.EnvRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The config records put-env wrote for given functions, and their deletion: a record is put-env's when
 * its {@value #OWNER} attribute says so, or, on a record without one, when put-env wrote it last
 * ({@code updatedBy}). A delete is conditional on the record being unchanged since it was read and still
 * put-env's, so a record another writer just took over is left.
 */
public final class PutEnvRecords {
    /** The record attribute that names a record's owner, on records that carry one. */
    public static final String OWNER = EnvRecord.OWNER;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Events events;

    public PutEnvRecords(DynamoDbClient dynamoDb, String table, Events events) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.events = events;
    }

    /**
     * @param functionNames the functions' names (the records' keys)
     * @param left where the records found but not put-env's are described
     * @return put-env's records among them, each with the version read
     */
    public Map<String, Long> owned(List<String> functionNames, List<String> left) {
        Map<String, Long> owned = new LinkedHashMap<>();
        for (String name : functionNames) {
            Map<String, AttributeValue> item;
            try {
                item = dynamoDb.getItem(
                                b -> b.tableName(table).key(EnvRecord.key(name)).consistentRead(true))
                        .item();
            } catch (ResourceNotFoundException e) {
                left.add("config records: table " + table + " does not exist (set <envTable> if it is named"
                        + " differently)");
                return owned;
            } catch (SdkException e) {
                throw AwsErrors.translate("read the config of function '" + name + "'", "table " + table, e);
            }
            if (item == null || item.isEmpty()) {
                continue;
            }
            String owner = owner(item);
            if (EnvRecordWriter.UPDATED_BY.equals(owner)) {
                owned.put(name, Long.parseLong(item.get(EnvRecord.VERSION).n()));
            } else {
                left.add("config record '" + name + "': written by " + (owner.isEmpty() ? "someone else" : owner)
                        + ", not put-env");
            }
        }
        return owned;
    }

    /**
     * Deletes the records {@link #owned} found, each only if unchanged since (same version, still put-env's).
     *
     * @return the names of the records deleted
     */
    public List<String> delete(Map<String, Long> records, List<String> left) {
        List<String> deleted = new ArrayList<>();
        for (Map.Entry<String, Long> r : records.entrySet()) {
            try {
                dynamoDb.deleteItem(b -> b.tableName(table)
                        .key(EnvRecord.key(r.getKey()))
                        .conditionExpression("#version = :read AND (#owner = :putEnv OR (attribute_not_exists(#owner)"
                                + " AND #by = :putEnv))")
                        .expressionAttributeNames(
                                Map.of("#version", EnvRecord.VERSION, "#owner", OWNER, "#by", EnvRecord.UPDATED_BY))
                        .expressionAttributeValues(Map.of(
                                ":read",
                                AttributeValue.builder()
                                        .n(Long.toString(r.getValue()))
                                        .build(),
                                ":putEnv",
                                AttributeValue.builder()
                                        .s(EnvRecordWriter.UPDATED_BY)
                                        .build())));
                events.info("Deleted config record '" + r.getKey() + "' from table " + table);
                deleted.add(r.getKey());
            } catch (ConditionalCheckFailedException e) {
                left.add("config record '" + r.getKey() + "': changed by another writer while teardown ran");
            } catch (SdkException e) {
                throw AwsErrors.translate("delete the config of function '" + r.getKey() + "'", "table " + table, e);
            }
        }
        return deleted;
    }

    /** Who owns a record: its {@value #OWNER} attribute when it has one, else its last writer. */
    private static String owner(Map<String, AttributeValue> item) {
        AttributeValue owner = item.get(OWNER);
        if (owner != null && owner.s() != null) {
            return owner.s();
        }
        AttributeValue by = item.get(EnvRecord.UPDATED_BY);
        return by == null || by.s() == null ? "" : by.s();
    }
}

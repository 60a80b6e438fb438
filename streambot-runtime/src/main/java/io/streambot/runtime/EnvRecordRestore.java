package io.streambot.runtime;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Undoes one write of a config record, conditionally on the version that write produced (and its time
 * and writer, so that another writer's write of the same version number is never mistaken for it), so
 * a record that another writer changed since is never overwritten: the previous record comes back (with the
 * next version number, so versions only grow), or, when there was none, the record is deleted. Used by
 * {@code Custom::StreambotEnv} when its request fails and by {@code streambot:deploy-stack} after a
 * failed deploy (undoing the same build's {@code put-env}).
 */
public final class EnvRecordRestore {
    /** What {@link #undo} did. */
    public enum Result {
        /** The previous record is back. */
        RESTORED,
        /** There was no previous record: the written one was deleted. */
        DELETED,
        /** The record no longer holds the written version (another writer, or the write never landed): left alone. */
        LEFT_ALONE
    }

    private EnvRecordRestore() {}

    /**
     * @param previous the record as it was before the write (its item as read), or empty when there was none
     * @param written the record the write wrote
     * @param by the {@link EnvRecord#UPDATED_BY} of the restored record
     * @param override per-call settings such as a timeout, or null
     */
    public static Result undo(
            DynamoDbClient dynamoDb,
            String table,
            Optional<Map<String, AttributeValue>> previous,
            EnvRecord written,
            Instant now,
            String by,
            AwsRequestOverrideConfiguration override) {
        String functionName = written.name();
        long writtenVersion = written.version();
        String condition = "#version = :written AND #at = :at AND #by = :by";
        Map<String, String> names =
                Map.of("#version", EnvRecord.VERSION, "#at", EnvRecord.UPDATED_AT, "#by", EnvRecord.UPDATED_BY);
        Map<String, AttributeValue> values = Map.of(
                ":written",
                AttributeValue.builder().n(Long.toString(writtenVersion)).build(),
                ":at",
                AttributeValue.builder().s(written.updatedAt().toString()).build(),
                ":by",
                AttributeValue.builder().s(written.updatedBy()).build());
        try {
            if (previous.isEmpty()) {
                dynamoDb.deleteItem(b -> b.tableName(table)
                        .key(EnvRecord.key(functionName))
                        .conditionExpression(condition)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .overrideConfiguration(override));
                return Result.DELETED;
            }
            Map<String, AttributeValue> item = new HashMap<>(previous.get());
            item.put(
                    EnvRecord.VERSION,
                    AttributeValue.builder()
                            .n(Long.toString(writtenVersion + 1))
                            .build());
            item.put(
                    EnvRecord.UPDATED_AT,
                    AttributeValue.builder().s(now.toString()).build());
            item.put(EnvRecord.UPDATED_BY, AttributeValue.builder().s(by).build());
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(item)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .overrideConfiguration(override));
            return Result.RESTORED;
        } catch (ConditionalCheckFailedException e) {
            return Result.LEFT_ALONE;
        }
    }
}

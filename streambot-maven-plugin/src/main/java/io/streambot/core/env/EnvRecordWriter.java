package io.streambot.core.env;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsErrors;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.EnvRecordRules;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Writes functions' config records ({@link EnvRecord}) the way {@code streambot:put-env} promises:
 * read the current record, show the diff by key with values masked, write nothing when nothing
 * changed, and write conditionally on the version read, so a concurrent writer is reported and never
 * silently overwritten (unless forced). Records owned by a stack's {@code Custom::StreambotEnv} are
 * refused unless taken over ({@link EnvRecordRules}); records without owner or version (older tools)
 * are written and become put-env's.
 */
public final class EnvRecordWriter {
    /** The {@link EnvRecord#UPDATED_BY} of records this writer writes. */
    public static final String UPDATED_BY = "put-env";

    private static final int FORCED_ATTEMPTS = 5;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final Events events;
    private final AfterRead afterRead;

    /** Called between the read and the conditional write; a test seam for racing writers. */
    interface AfterRead {
        void run(String functionName);
    }

    public EnvRecordWriter(DynamoDbClient dynamoDb, String table, Clock clock, Events events) {
        this(dynamoDb, table, clock, events, name -> {});
    }

    EnvRecordWriter(DynamoDbClient dynamoDb, String table, Clock clock, Events events, AfterRead afterRead) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
        this.events = events;
        this.afterRead = afterRead;
    }

    /**
     * Validates every function first, so a bad one stops the goal before any record is written, then
     * writes each in turn.
     */
    public List<EnvWriteResult> writeAll(List<FunctionEnv> functions, boolean dryRun, boolean force) {
        return writeAll(functions, dryRun, force, false);
    }

    /**
     * Like {@link #writeAll(List, boolean, boolean)}; with {@code takeOwnership}, records a stack's
     * {@code Custom::StreambotEnv} owns are taken over instead of refused.
     */
    public List<EnvWriteResult> writeAll(
            List<FunctionEnv> functions, boolean dryRun, boolean force, boolean takeOwnership) {
        functions.forEach(FunctionEnv::validate);
        return functions.stream()
                .map(f -> write(f, dryRun, force, takeOwnership))
                .toList();
    }

    /**
     * @throws InvalidConfigurationException when the values are invalid or the table does not exist
     * @throws ConcurrentEnvChangeException when another writer changed the record since it was read
     * @throws io.streambot.core.aws.AwsCallException when DynamoDB refuses or fails
     */
    public EnvWriteResult write(FunctionEnv desired, boolean dryRun, boolean force) {
        return write(desired, dryRun, force, false);
    }

    /**
     * @throws EnvOwnershipException when a stack's {@code Custom::StreambotEnv} owns the record and
     *     {@code takeOwnership} is false; nothing is written
     */
    public EnvWriteResult write(FunctionEnv given, boolean dryRun, boolean force, boolean takeOwnership) {
        FunctionEnv desired = given.validate();
        String name = desired.functionName();
        if (!name.equals(given.functionName())) {
            events.info("Function '" + given.functionName() + "': its config record is stored under the function's"
                    + " name '" + name + "', which the runtime reads");
        }
        EnvRecord current = read(name);
        for (int attempt = 1; ; attempt++) {
            checkOwnership(name, current, takeOwnership);
            long readVersion = current == null ? 0 : current.version();
            Map<String, String> currentEnv = current == null ? Map.of() : current.env();
            EnvDiff diff = EnvDiff.between(currentEnv, desired.env());
            if (attempt == 1) {
                show(name, current, diff);
            }
            if (diff.isEmpty() && current != null) {
                events.info("Config of function '" + name + "' is up to date (version " + readVersion
                        + "): nothing written");
                return new EnvWriteResult(name, diff, readVersion, readVersion, false);
            }
            if (current != null && EnvRecordRules.isStackOwner(current.owner()) && !dryRun) {
                events.info("Taking over the config record of function '" + name + "' from " + current.owner()
                        + " (-Dstreambot.env.takeOwnership)");
            }
            if (dryRun) {
                events.info("Dry run (-Dstreambot.dryRun): config of function '" + name + "' not written");
                return new EnvWriteResult(name, diff, readVersion, readVersion, false);
            }
            afterRead.run(name);
            long next = readVersion + 1;
            EnvRecord record =
                    new EnvRecord(name, desired.env(), next, clock.instant(), UPDATED_BY, EnvRecordRules.PUT_ENV_OWNER);
            try {
                dynamoDb.putItem(conditional(record, current));
                events.info("Wrote config of function '" + name + "' to table '" + table + "': version " + next + " ("
                        + diff.summary() + ")");
                return new EnvWriteResult(name, diff, readVersion, next, true, current, record);
            } catch (ConditionalCheckFailedException e) {
                EnvRecord found = read(name);
                long foundVersion = found == null ? 0 : found.version();
                if (!force || attempt >= FORCED_ATTEMPTS) {
                    throw new ConcurrentEnvChangeException(
                            name, table, readVersion, foundVersion, found == null ? null : found.updatedBy());
                }
                events.warn("Config of function '" + name + "' changed to version " + foundVersion + " by "
                        + (found == null ? "a delete" : found.updatedBy()) + " while put-env ran: overwriting it"
                        + " (-Dstreambot.force)");
                current = found;
            } catch (SdkException e) {
                throw AwsErrors.translate("write the config of function '" + name + "'", "table " + table, e);
            }
        }
    }

    private PutItemRequest conditional(EnvRecord record, EnvRecord current) {
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(record.toItem());
        if (current == null) {
            return put.conditionExpression("attribute_not_exists(#name)")
                    .expressionAttributeNames(Map.of("#name", EnvRecord.NAME))
                    .build();
        }
        // A record without a version attribute (older tools) reads as version 0.
        return put.conditionExpression(
                        current.version() == 0
                                ? "attribute_not_exists(#version) OR #version = :read"
                                : "#version = :read")
                .expressionAttributeNames(Map.of("#version", EnvRecord.VERSION))
                .expressionAttributeValues(Map.of(
                        ":read",
                        AttributeValue.builder()
                                .n(Long.toString(current.version()))
                                .build()))
                .build();
    }

    private static void checkOwnership(String name, EnvRecord current, boolean takeOwnership) {
        if (current != null && EnvRecordRules.isStackOwner(current.owner()) && !takeOwnership) {
            throw new EnvOwnershipException(name, current.owner());
        }
    }

    private EnvRecord read(String name) {
        Map<String, AttributeValue> item;
        try {
            item = dynamoDb.getItem(
                            b -> b.tableName(table).key(EnvRecord.key(name)).consistentRead(true))
                    .item();
        } catch (ResourceNotFoundException e) {
            throw new InvalidConfigurationException(
                    "<envTable>",
                    "streambot.envTable",
                    table,
                    "does not exist in this account and region",
                    "deploy the primary streambot stack first (-Dstreambot.primaryStack=true), or set <envTable> to"
                            + " the name of the primary stack's config table");
        } catch (SdkException e) {
            throw AwsErrors.translate("read the config of function '" + name + "'", "table " + table, e);
        }
        return item == null || item.isEmpty() ? null : EnvRecord.fromItem(item);
    }

    private void show(String name, EnvRecord current, EnvDiff diff) {
        if (current == null) {
            events.info("Config of function '" + name + "': no record yet in table '" + table + "', creating it ("
                    + diff.summary() + ")");
        } else if (!diff.isEmpty()) {
            events.info("Config of function '" + name + "' (version " + current.version() + ", written by "
                    + current.updatedBy() + " at " + current.updatedAt() + "): " + diff.summary());
        }
        diff.lines().forEach(events::info);
    }
}

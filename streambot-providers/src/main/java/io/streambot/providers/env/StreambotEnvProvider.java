package io.streambot.providers.env;

import io.streambot.providers.internal.AwsClients;
import io.streambot.providers.internal.CustomResourceHandler;
import io.streambot.providers.internal.CustomResourceRequest;
import io.streambot.providers.internal.ProviderException;
import io.streambot.providers.internal.Work;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.EnvRecordRestore;
import io.streambot.runtime.EnvRecordRules;
import io.streambot.runtime.seams.Environment;
import io.streambot.runtime.seams.Sleeper;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The Lambda function behind {@code Custom::StreambotEnv}. Create and Update write the
 * {@link EnvRecord} of {@code FunctionName} with every other property as a config value; the write
 * is conditional on the record's {@code version}, so a record that another writer changed meanwhile
 * is never silently overwritten. Delete removes the record. The physical id is the function name.
 *
 * <p>Ownership ({@link EnvRecordRules}): the record names its owner, {@code stack:<stackId>/<logicalId>};
 * a record owned by {@code put-env} or by another stack is neither changed nor deleted unless the
 * property {@code TakeOwnership} is {@code true}. A write that fails, or lands after a FAILED answer, is
 * undone conditionally on the version it wrote.
 *
 * <p>Environment: {@value EnvRecord#TABLE_ENV_VARIABLE} (the config table, default
 * {@value EnvRecord#DEFAULT_TABLE}), {@code AWS_REGION}.
 */
public final class StreambotEnvProvider extends CustomResourceHandler {
    static final String WRITER = "Custom::StreambotEnv";

    private final Environment environment;
    private final Clock clock;
    private final Supplier<DynamoDbClient> dynamoDb;

    /** The constructor Lambda calls. */
    public StreambotEnvProvider() {
        this(Environment.system(), Sleeper.SYSTEM, Clock.systemUTC());
    }

    StreambotEnvProvider(Environment environment, Sleeper sleeper, Clock clock) {
        this(environment, sleeper, clock, homeClient(environment));
    }

    StreambotEnvProvider(Environment environment, Sleeper sleeper, Clock clock, Supplier<DynamoDbClient> dynamoDb) {
        super(sleeper);
        this.environment = environment;
        this.clock = clock;
        this.dynamoDb = dynamoDb;
    }

    private static Supplier<DynamoDbClient> homeClient(Environment environment) {
        AwsClients<DynamoDbClient> clients = AwsClients.of(environment, DynamoDbClient::builder);
        return clients::home;
    }

    @Override
    protected Outcome create(CustomResourceRequest request, Work work) {
        return write(EnvProperties.from(request.properties()), request, work);
    }

    @Override
    protected Outcome update(CustomResourceRequest request, String physicalResourceId, Work work) {
        // A new FunctionName means a new physical id: CloudFormation then deletes the old record.
        return write(EnvProperties.from(request.properties()), request, work);
    }

    /**
     * Deletes the record when this resource owns it (or it has no owner, or {@code TakeOwnership} is
     * true); a record that put-env or another resource owns now is left in place.
     */
    @Override
    protected void delete(CustomResourceRequest request, String physicalResourceId, Work work) {
        if (!EnvRecordRules.isFunctionName(physicalResourceId)) {
            work.log("Nothing to delete: the physical id is not a function name");
            return;
        }
        String table = table();
        String owner = owner(request);
        boolean takeOwnership = takeOwnershipLeniently(request);
        try {
            dynamoDb.get().deleteItem(b -> {
                b.tableName(table).key(EnvRecord.key(physicalResourceId)).overrideConfiguration(work.callTimeout());
                if (!takeOwnership) {
                    b.conditionExpression("attribute_not_exists(#owner) OR #owner = :me")
                            .expressionAttributeNames(Map.of("#owner", EnvRecord.OWNER))
                            .expressionAttributeValues(Map.of(
                                    ":me", AttributeValue.builder().s(owner).build()));
                }
            });
        } catch (ConditionalCheckFailedException e) {
            String current = currentOwner(table, physicalResourceId, work);
            work.log("Left the config record of function '" + physicalResourceId + "' in place: it is owned by "
                    + describe(current) + ", not by this resource (set TakeOwnership: true to delete it anyway)");
        } catch (ResourceNotFoundException e) {
            work.log("Nothing to delete: the config table " + table + " does not exist");
        }
    }

    private Outcome write(EnvProperties properties, CustomResourceRequest request, Work work) {
        String table = table();
        String name = properties.functionName();
        String owner = owner(request);
        DynamoDbClient client = dynamoDb.get();
        try {
            Map<String, AttributeValue> current = client.getItem(b -> b.tableName(table)
                            .key(EnvRecord.key(name))
                            .consistentRead(true)
                            .overrideConfiguration(work.callTimeout()))
                    .item();
            boolean exists = current != null && !current.isEmpty();
            if (exists) {
                checkOwnership(
                        name, ownerOf(current), owner, request.addressing().stackId(), properties, work);
            }
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            String condition;
            long expected = 0;
            if (!exists) {
                condition = "attribute_not_exists(#name)";
                names.put("#name", EnvRecord.NAME);
            } else if (!current.containsKey(EnvRecord.VERSION)) {
                condition = "attribute_not_exists(#version)";
                names.put("#version", EnvRecord.VERSION);
            } else {
                expected = currentVersion(current.get(EnvRecord.VERSION));
                condition = "#version = :expected";
                names.put("#version", EnvRecord.VERSION);
                values.put(
                        ":expected",
                        AttributeValue.builder().n(Long.toString(expected)).build());
            }
            EnvRecord record = new EnvRecord(name, properties.values(), expected + 1, clock.instant(), WRITER, owner);
            Optional<Map<String, AttributeValue>> previous =
                    exists ? Optional.of(Map.copyOf(current)) : Optional.empty();
            Work.Undo restore = timeout -> EnvRecordRestore.undo(
                    client,
                    table,
                    previous,
                    record,
                    clock.instant(),
                    WRITER + " (undone)",
                    AwsRequestOverrideConfiguration.builder()
                            .apiCallTimeout(timeout)
                            .build());
            String what =
                    "restore the config record of function '" + name + "' as it was before version " + record.version();
            // Registered before the write; registered again once the call has returned (or failed), so that a
            // write that lands after a FAILED answer is undone at once by the sealed journal.
            Work.Registration before = work.onFailure(what, restore);
            boolean refused = false;
            try {
                client.putItem(b -> b.tableName(table)
                        .item(record.toItem())
                        .conditionExpression(condition)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values.isEmpty() ? null : values)
                        .overrideConfiguration(work.callTimeout()));
            } catch (ConditionalCheckFailedException e) {
                refused = true;
                throw e;
            } finally {
                if (!refused) {
                    work.onFailure(what, restore);
                }
                before.dismiss();
            }
            return new Outcome(name, Map.of("Version", Long.toString(record.version())));
        } catch (ConditionalCheckFailedException e) {
            throw new ProviderException("Another writer changed the function's config record while this "
                    + "stack operation was writing it; nothing was overwritten. Retry the stack operation");
        } catch (ResourceNotFoundException e) {
            throw new ProviderException("The config table '" + table + "' does not exist in this region: set "
                    + EnvRecord.TABLE_ENV_VARIABLE + " of the provider function to the streambot stack's table");
        }
    }

    /** Refuses a record owned by put-env or another stack unless {@code TakeOwnership} is true. */
    private static void checkOwnership(
            String name, String current, String owner, String stackId, EnvProperties properties, Work work) {
        if (current.isEmpty() || current.equals(owner)) {
            return;
        }
        if (EnvRecordRules.isOwnedByStack(current, stackId)) {
            work.log("Taking over the config record of function '" + name + "' from " + describe(current)
                    + " of the same stack");
            return;
        }
        if (properties.takeOwnership()) {
            work.log("Taking over the config record of function '" + name + "' from " + describe(current) + " ("
                    + EnvProperties.TAKE_OWNERSHIP + ": true)");
            return;
        }
        throw new ProviderException("The config record of function '" + name + "' is owned by " + describe(current)
                + "; nothing was written. To take it over, set the property " + EnvProperties.TAKE_OWNERSHIP
                + ": true on this resource"
                + (EnvRecordRules.PUT_ENV_OWNER.equals(current)
                        ? " (and stop writing it with mvn streambot:put-env)"
                        : ", or remove it from the other stack"));
    }

    private static String describe(String owner) {
        if (owner.isEmpty()) {
            return "nobody (deleted meanwhile)";
        }
        if (EnvRecordRules.PUT_ENV_OWNER.equals(owner)) {
            return "put-env (mvn streambot:put-env)";
        }
        return EnvRecordRules.isStackOwner(owner)
                ? "the Custom::StreambotEnv resource " + owner.substring(EnvRecordRules.STACK_OWNER_PREFIX.length())
                : "'" + owner + "'";
    }

    private static String owner(CustomResourceRequest request) {
        return EnvRecordRules.stackOwner(
                request.addressing().stackId(), request.addressing().logicalResourceId());
    }

    private static String ownerOf(Map<String, AttributeValue> item) {
        AttributeValue owner = item.get(EnvRecord.OWNER);
        return owner == null || owner.s() == null ? "" : owner.s();
    }

    private String currentOwner(String table, String name, Work work) {
        Map<String, AttributeValue> item = dynamoDb.get()
                .getItem(b -> b.tableName(table)
                        .key(EnvRecord.key(name))
                        .consistentRead(true)
                        .overrideConfiguration(work.callTimeout()))
                .item();
        return item == null || item.isEmpty() ? "" : ownerOf(item);
    }

    private static boolean takeOwnershipLeniently(CustomResourceRequest request) {
        try {
            return request.properties()
                    .optionalBoolean(EnvProperties.TAKE_OWNERSHIP)
                    .orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long currentVersion(AttributeValue version) {
        try {
            return Long.parseLong(version.n());
        } catch (NumberFormatException | NullPointerException e) {
            throw new ProviderException("The function's config record has a '" + EnvRecord.VERSION
                    + "' that is not a number; fix or delete the record, then retry the stack operation");
        }
    }

    private String table() {
        return environment.variable(EnvRecord.TABLE_ENV_VARIABLE).orElse(EnvRecord.DEFAULT_TABLE);
    }
}

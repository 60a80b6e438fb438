package io.streambot.providers.env;

import com.amazonaws.services.lambda.runtime.Context;
import io.streambot.providers.internal.AwsClients;
import io.streambot.providers.internal.CustomResourceHandler;
import io.streambot.providers.internal.CustomResourceRequest;
import io.streambot.providers.internal.ProviderException;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.internal.Environment;
import io.streambot.runtime.internal.Sleeper;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
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
    protected Outcome create(CustomResourceRequest request, Context context) {
        return write(EnvProperties.from(request.properties()));
    }

    @Override
    protected Outcome update(CustomResourceRequest request, String physicalResourceId, Context context) {
        // A new FunctionName means a new physical id: CloudFormation then deletes the old record.
        return write(EnvProperties.from(request.properties()));
    }

    @Override
    protected void delete(CustomResourceRequest request, String physicalResourceId, Context context) {
        if (!EnvProperties.isFunctionName(physicalResourceId)) {
            context.getLogger().log("Nothing to delete: the physical id is not a function name\n");
            return;
        }
        String table = table();
        try {
            dynamoDb.get().deleteItem(b -> b.tableName(table).key(EnvRecord.key(physicalResourceId)));
        } catch (ResourceNotFoundException e) {
            context.getLogger().log("Nothing to delete: the config table " + table + " does not exist\n");
        }
    }

    private Outcome write(EnvProperties properties) {
        String table = table();
        String name = properties.functionName();
        DynamoDbClient client = dynamoDb.get();
        try {
            Map<String, AttributeValue> current = client.getItem(
                            b -> b.tableName(table).key(EnvRecord.key(name)).consistentRead(true))
                    .item();
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            String condition;
            long expected = 0;
            if (current == null || current.isEmpty()) {
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
            EnvRecord record = new EnvRecord(name, properties.values(), expected + 1, clock.instant(), WRITER);
            client.putItem(b -> b.tableName(table)
                    .item(record.toItem())
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values.isEmpty() ? null : values));
            return new Outcome(name, Map.of("Version", Long.toString(record.version())));
        } catch (ConditionalCheckFailedException e) {
            throw new ProviderException("Another writer changed the function's config record while this "
                    + "stack operation was writing it; nothing was overwritten. Retry the stack operation");
        } catch (ResourceNotFoundException e) {
            throw new ProviderException("The config table '" + table + "' does not exist in this region: set "
                    + EnvRecord.TABLE_ENV_VARIABLE + " of the provider function to the streambot stack's table");
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

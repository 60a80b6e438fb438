package io.streambot.testkit;

import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Points code that reads the streambot config table through the SDK's default chain (the
 * streambot-runtime inside a handler under test) at the kit's DynamoDB, and makes sure the table
 * exists. The runtime reads the table's name from {@code STREAMBOT_ENV_TABLE}, an environment
 * variable a test cannot set: give it to the test JVM (surefire's {@code <environmentVariables>})
 * and pass the same name here. A table this creates is deleted after the test (or class) that created
 * it, like everything a test creates; the next call creates it again.
 */
public final class ConfigTable {
    private ConfigTable() {}

    /**
     * Sets the system properties {@code aws.region}, {@code streambot.endpoint} and, unless the target
     * is AWS itself, {@code aws.accessKeyId}/{@code aws.secretAccessKey}, then creates {@code
     * table} (hash key {@code name}) unless it exists.
     *
     * @return {@code table}
     */
    public static String prepare(LocalDynamoDb dynamo, String table) {
        System.setProperty("aws.region", AwsEndpoints.region().id());
        dynamo.endpoint().ifPresent(endpoint -> System.setProperty("streambot.endpoint", endpoint.toString()));
        AwsEndpoints.exposeCredentialsToDefaultChain(LocalDynamoDb.SERVICE);
        try {
            TableStatus status = dynamo.client()
                    .describeTable(b -> b.tableName(table))
                    .table()
                    .tableStatus();
            if (status != TableStatus.DELETING) {
                return table;
            }
            // The previous test's table, deleted after it: on AWS that takes a moment.
            dynamo.client().waiter().waitUntilTableNotExists(b -> b.tableName(table));
        } catch (ResourceNotFoundException e) {
            // create it below
        }
        dynamo.createTable(table, "name");
        return table;
    }
}

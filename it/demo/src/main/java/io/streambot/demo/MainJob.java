package io.streambot.demo;

import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalS3;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The main job on the embedded local services. For now it starts DynamoDB Local and S3Mock, proves
 * both answer, and says honestly what is not wired yet.
 */
public final class MainJob {
    private MainJob() {}

    public static void main(String[] args) {
        LocalDynamoDb dynamo = LocalDynamoDb.get();
        LocalS3 s3 = LocalS3.get();
        System.out.println("streambot main job: local services up");
        System.out.println(
                "  DynamoDB Local  " + dynamo.endpoint().map(Object::toString).orElse("AWS"));
        System.out.println(
                "  S3Mock          " + s3.endpoint().map(Object::toString).orElse("AWS"));

        String table = dynamo.createTable("streambot-env", "name");
        dynamo.client().putItem(b -> b.tableName(table)
                .item(Map.of("name", AttributeValue.builder().s("demo").build())));
        String bucket = s3.createBucket("streambot-demo");
        s3.client().putObject(b -> b.bucket(bucket).key("hello.txt"), RequestBody.fromString("hello"));
        System.out.println("  wrote config table '" + table + "' and bucket '" + bucket + "'");

        System.out.println(
                "NOT YET: bundle, upload, put-env, local invoke and deploy-stack of the kinesis-to-s3 example"
                        + " are not wired into this job yet; it only proves the local services run.");
        System.exit(0);
    }
}

package io.streambot.bench;

import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.LocalDynamoDb;
import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The warm cost of one consistent GetItem on DynamoDB Local through the two synchronous SDK HTTP
 * clients: the URL-connection client the runtime uses, against the SDK's default Apache client.
 */
public final class HttpClientGetItemBenchmark implements Benchmark {
    private static final int ROUNDS = 7;
    private static final int CALLS_PER_ROUND = 200;

    @Override
    public String name() {
        return "getitem-http-client";
    }

    @Override
    public String description() {
        return "Warm GetItem (consistent read) on DynamoDB Local: URL-connection vs Apache HTTP client, median of "
                + ROUNDS + " interleaved rounds of " + CALLS_PER_ROUND + " calls.";
    }

    @Override
    public List<Row> run() {
        LocalDynamoDb dynamo = LocalDynamoDb.get();
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("bench"), "name");
        dynamo.client().putItem(b -> b.tableName(table)
                .item(Map.of(
                        "name", AttributeValue.builder().s("fn").build(),
                        "v", AttributeValue.builder().s("x".repeat(1000)).build())));
        URI endpoint = dynamo.endpoint().orElseThrow();
        try (DynamoDbClient url = client(UrlConnectionHttpClient.create(), endpoint);
                DynamoDbClient apache = client(ApacheHttpClient.create(), endpoint)) {
            double[] urlRounds = new double[ROUNDS];
            double[] apacheRounds = new double[ROUNDS];
            calls(url, table, CALLS_PER_ROUND);
            calls(apache, table, CALLS_PER_ROUND);
            for (int i = 0; i < ROUNDS; i++) {
                urlRounds[i] = calls(url, table, CALLS_PER_ROUND);
                apacheRounds[i] = calls(apache, table, CALLS_PER_ROUND);
            }
            double u = Stats.median(urlRounds);
            double a = Stats.median(apacheRounds);
            return List.of(
                    new Row("GetItem latency", "Apache client (SDK default)", a, "µs/call", 1.0, "baseline"),
                    new Row("GetItem latency", "URL-connection client (runtime)", u, "µs/call", u / a, null));
        }
    }

    private static DynamoDbClient client(SdkHttpClient http, URI endpoint) {
        return DynamoDbClient.builder()
                .httpClient(http)
                .endpointOverride(endpoint)
                .region(AwsEndpoints.region())
                .credentialsProvider(AwsEndpoints.credentials(LocalDynamoDb.SERVICE))
                .build();
    }

    private static double calls(DynamoDbClient client, String table, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            client.getItem(b -> b.tableName(table)
                    .consistentRead(true)
                    .key(Map.of("name", AttributeValue.builder().s("fn").build())));
        }
        return (System.nanoTime() - start) / 1000.0 / n;
    }
}

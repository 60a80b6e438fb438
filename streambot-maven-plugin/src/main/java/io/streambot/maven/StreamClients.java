package io.streambot.maven;

import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.esm.DynamoDbStreamSource;
import io.streambot.core.esm.KinesisStreamSource;
import io.streambot.core.esm.StreamSource;
import java.net.URI;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * run-stream's clients for reading a stream: as the factory's, at {@code <streamEndpoint>} when given. Kept out
 * of the Mojo class, which must not name an SDK type ({@link RealmLibrary#AWS_SDK}).
 */
final class StreamClients implements AutoCloseable {
    private final AwsClientFactory aws;
    private final URI streamEndpoint;
    private final KinesisClient kinesis;
    private final DynamoDbStreamsClient streams;

    /** @param streamEndpoint {@code <streamEndpoint>}, or {@code null} for the factory's endpoint */
    StreamClients(AwsClientFactory aws, URI streamEndpoint) {
        this.aws = aws;
        this.streamEndpoint = streamEndpoint;
        this.kinesis = client(KinesisClient.builder());
        this.streams = client(DynamoDbStreamsClient.builder());
    }

    StreamSource kinesis(String arn) {
        return new KinesisStreamSource(kinesis, arn);
    }

    StreamSource kinesisNamed(String name) {
        return KinesisStreamSource.named(kinesis, name);
    }

    StreamSource dynamoDb(String streamArn) {
        return new DynamoDbStreamSource(streams, streamArn);
    }

    /**
     * The stream of a DynamoDB table.
     *
     * @throws IllegalArgumentException when the table has no stream
     */
    StreamSource dynamoDbTable(String table) {
        try (DynamoDbClient dynamoDb = client(DynamoDbClient.builder())) {
            return DynamoDbStreamSource.ofTable(dynamoDb, streams, table);
        }
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        aws.configure(builder);
        if (streamEndpoint != null) {
            builder.endpointOverride(streamEndpoint);
        }
        return builder.build();
    }

    @Override
    public void close() {
        try (KinesisClient k = kinesis;
                DynamoDbStreamsClient s = streams) {
            // both closed, in reverse order
        }
    }
}

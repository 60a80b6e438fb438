package io.streambot.examples.kinesis;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.streambot.runtime.Streambot;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Lambda handler of the kinesis-to-s3 example: {@code
 * io.streambot.examples.kinesis.KinesisToS3::handleRequest}. Wraps {@link BatchWriter} with
 * streambot-runtime, so the function's configuration ({@code EventBucket}, {@code EventPrefix}) is
 * loaded from the config table before each batch.
 */
public final class KinesisToS3 implements RequestHandler<KinesisEvent, String> {
    private final RequestHandler<KinesisEvent, String> handler;

    /** What Lambda calls: an S3 client for the function's region and credentials. */
    public KinesisToS3() {
        this(S3Client.builder().httpClient(UrlConnectionHttpClient.create()).build());
    }

    /** With the given S3 client (tests pass one for the local S3). */
    public KinesisToS3(S3Client s3) {
        this.handler = Streambot.wrap(new BatchWriter(s3));
    }

    @Override
    public String handleRequest(KinesisEvent event, Context context) {
        return handler.handleRequest(event, context);
    }
}

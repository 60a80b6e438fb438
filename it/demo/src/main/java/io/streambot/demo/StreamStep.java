package io.streambot.demo;

import io.streambot.testkit.LocalKinesis;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The main job's stream step: records put into a local Kinesis stream (the kit's kinesis-local) reach the bundle
 * in batches through {@code streambot:run-stream}, which runs it as Lambda's event source mapping would, and land
 * in the local S3; the goal prints one line per batch.
 */
final class StreamStep {
    static final String TITLE = "attach the bundle to a local Kinesis stream: mvn streambot:run-stream";
    private static final int RECORDS = 5;

    private StreamStep() {}

    /**
     * @param example the example's folder (bundled by an earlier step)
     * @param functionName the function whose config record an earlier step wrote
     * @return the summary's lines
     */
    static List<String> run(
            DemoSettings settings,
            Path example,
            String functionName,
            String configTable,
            String dynamoEndpoint,
            S3Client s3,
            String s3Endpoint,
            String eventBucket) {
        if (!settings.missingGoals(List.of("run-stream")).isEmpty()) {
            System.out.println("  NOT YET: this build's plugin has no streambot:run-stream goal");
            return List.of();
        }
        LocalKinesis kinesis;
        try {
            kinesis = LocalKinesis.get();
        } catch (TestAbortedException noNode) {
            System.out.println("  skipped: " + noNode.getMessage());
            return List.of("stream      skipped (" + noNode.getMessage() + ")");
        }
        String endpoint = kinesis.endpoint().orElseThrow().toString();
        String stream = LocalKinesis.uniqueStreamName("demo-sensors");
        String arn = kinesis.createStream(stream, 1);
        System.out.println("  kinesis-local    " + endpoint + ", stream '" + stream + "' created; putting " + RECORDS
                + " records");
        for (int i = 1; i <= RECORDS; i++) {
            kinesis.put(
                    stream,
                    "sensor-" + (i % 2 + 1),
                    "{\"sensor\":\"sensor-" + (i % 2 + 1) + "\",\"reading\":" + i + "}");
        }
        Set<String> before = keys(s3, eventBucket);
        try {
            String log = MavenRun.of(example, "4-run-stream")
                    .goals("streambot:run-stream")
                    .property("streambot.endpoint", dynamoEndpoint)
                    .property("streambot.stream.endpoint", endpoint)
                    .property("streambot.stream", arn)
                    .property("streambot.region", settings.region())
                    .property("streambot.envTable", configTable)
                    .property("streambot.functionName", functionName)
                    .property("streambot.stream.batchSize", 2)
                    .property("streambot.stream.idleTimeout", "3s")
                    .property("streambot.stream.maxBatches", 10)
                    .environment("AWS_ENDPOINT_URL_S3", s3Endpoint)
                    .run(settings);
            long batches =
                    log.lines().filter(l -> l.contains("] Batch shardId-")).count();
            List<String> written = s3.listObjectsV2(b -> b.bucket(eventBucket)).contents().stream()
                    .map(S3Object::key)
                    .filter(k -> !before.contains(k))
                    .toList();
            if (written.isEmpty()) {
                throw new IllegalStateException("run-stream wrote nothing to s3://" + eventBucket);
            }
            for (String key : written) {
                System.out.println("  s3://" + eventBucket + "/" + key + ":");
                s3.getObjectAsBytes(b -> b.bucket(eventBucket).key(key))
                        .asUtf8String()
                        .lines()
                        .forEach(line -> System.out.println("    " + line));
            }
            return List.of("stream      " + RECORDS + " records of Kinesis stream " + stream + " (kinesis-local) in "
                    + batches + " batches -> " + written.size() + " objects in s3://" + eventBucket + " (S3Mock)");
        } finally {
            kinesis.deleteStream(stream);
        }
    }

    private static Set<String> keys(S3Client s3, String bucket) {
        Set<String> keys = new HashSet<>();
        s3.listObjectsV2(b -> b.bucket(bucket)).contents().forEach(o -> keys.add(o.key()));
        return keys;
    }
}

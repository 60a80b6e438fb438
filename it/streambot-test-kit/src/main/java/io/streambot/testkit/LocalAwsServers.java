package io.streambot.testkit;

import java.io.IOException;

/**
 * Starts the kit's DynamoDB Local and S3Mock in their own JVM and keeps them up until standard input
 * closes (or the process is killed), printing one {@code service=endpoint} line each. It also creates the
 * streambot config table ({@value #CONFIG_TABLE}, the runtime's and put-env's default), as the primary
 * stack would in an account, so {@code streambot:put-env} and {@code streambot:invoke} work against it from
 * the start. Useful to try the goals by hand against local servers, and to run the test suite in its
 * external-endpoint mode:
 *
 * <pre>{@code
 * java -cp <test-kit classpath> io.streambot.testkit.LocalAwsServers
 * mvn verify -Dstreambot.it.endpoint.dynamodb=http://127.0.0.1:P1 -Dstreambot.it.endpoint.s3=http://127.0.0.1:P2
 * }</pre>
 */
public final class LocalAwsServers {
    /** The config table's default name (EnvRecord.DEFAULT_TABLE in streambot-runtime, which the kit cannot use). */
    static final String CONFIG_TABLE = "streambot-env";

    private LocalAwsServers() {}

    public static void main(String[] args) throws IOException {
        LocalDynamoDb dynamo = LocalDynamoDb.get();
        LocalS3 s3 = LocalS3.get();
        System.out.println("dynamodb=" + dynamo.endpoint().orElseThrow());
        System.out.println("s3=" + s3.endpoint().orElseThrow());
        dynamo.createTable(CONFIG_TABLE, "name");
        System.out.println("table=" + CONFIG_TABLE + " (the streambot config table, created)");
        System.out.println("region=" + AwsEndpoints.region().id());
        System.out.println("ready (close standard input or stop the process to shut down)");
        System.out.flush();
        while (System.in.read() != -1) {
            // keep serving until stdin closes
        }
        System.exit(0);
    }
}

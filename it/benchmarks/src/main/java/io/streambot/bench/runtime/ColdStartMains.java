package io.streambot.bench.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.streambot.runtime.Streambot;
import io.streambot.runtime.StreambotEnv;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.lambda.powertools.parameters.ParamManager;

/**
 * The four contenders of the cold-start benchmark, each run as the main class of a fresh JVM whose
 * class path holds only that contender's jars. Each builds its handler, completes one invocation that
 * reads the function's configuration, and prints the keys it saw and the time since {@code main}
 * started.
 */
final class ColdStartMains {
    static final String RESULT = "COLD-START-RESULT ";

    private ColdStartMains() {}

    static void report(long startNanos, Map<String, String> config) {
        long elapsed = System.nanoTime() - startNanos;
        System.out.println(RESULT + config.size() + " " + elapsed);
        System.out.flush();
        // The SDK's non-daemon threads would keep the JVM alive; the sample is complete.
        System.exit(0);
    }

    /** streambot: the wrapped handler reads {@link StreambotEnv}. */
    static final class StreambotMain {
        public static void main(String[] args) {
            long start = System.nanoTime();
            RequestHandler<String, Map<String, String>> handler =
                    Streambot.wrap((String input, Context context) -> StreambotEnv.asMap());
            report(start, handler.handleRequest("event", new BenchContext(args[0])));
        }
    }

    /**
     * The floor: the configuration in plain environment variables ({@code Key0} ... set on the function), no
     * read at all.
     */
    static final class EnvironmentVariablesMain {
        public static void main(String[] args) {
            long start = System.nanoTime();
            int keys = Integer.parseInt(args[2]);
            RequestHandler<String, Map<String, String>> handler = (input, context) -> {
                Map<String, String> config = new HashMap<>();
                for (int i = 0; i < keys; i++) {
                    config.put("Key" + i, System.getenv("Key" + i));
                }
                return config;
            };
            report(start, handler.handleRequest("event", new BenchContext(args[0])));
        }
    }

    /** A hand-written handler: {@code DynamoDbClient.create()} (the SDK's default HTTP client) and GetItem. */
    static final class BareSdkMain {
        public static void main(String[] args) {
            long start = System.nanoTime();
            String table = args[1];
            RequestHandler<String, Map<String, String>> handler = (input, context) -> {
                DynamoDbClient client = DynamoDbClient.create();
                Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table)
                                .consistentRead(true)
                                .key(Map.of(
                                        "name",
                                        AttributeValue.builder()
                                                .s(context.getFunctionName())
                                                .build())))
                        .item();
                Map<String, String> config = new HashMap<>();
                item.get("env").m().forEach((k, v) -> config.put(k, v.s()));
                return config;
            };
            report(start, handler.handleRequest("event", new BenchContext(args[0])));
        }
    }

    /**
     * Powertools for AWS Lambda (Java) 1.18.0: {@code DynamoDbProvider.getMultiple(functionName)}, its
     * idiomatic read of several values (one item per key under the function's {@code id}).
     */
    static final class PowertoolsMain {
        public static void main(String[] args) {
            long start = System.nanoTime();
            String table = args[1];
            RequestHandler<String, Map<String, String>> handler =
                    (input, context) -> ParamManager.getDynamoDbProvider(table).getMultiple(context.getFunctionName());
            report(start, handler.handleRequest("event", new BenchContext(args[0])));
        }
    }
}

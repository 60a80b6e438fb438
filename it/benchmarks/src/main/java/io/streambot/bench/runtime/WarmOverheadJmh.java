package io.streambot.bench.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.StreambotEnv;
import io.streambot.runtime.internal.StreambotRuntime;
import io.streambot.runtime.internal.Ticker;
import io.streambot.runtime.seams.Environment;
import io.streambot.runtime.seams.Sleeper;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.TestContext;
import java.time.Instant;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH state and methods of the warm-overhead benchmark: the same trivial handler called directly and
 * through the wrapper, whose configuration was loaded from DynamoDB Local in the trial's setup and is
 * within its TTL (the warm path every invocation but one per TTL takes).
 */
@State(Scope.Benchmark)
public class WarmOverheadJmh {
    private static final String FUNCTION = "warm-fn";

    private final RequestHandler<String, Integer> bare = (input, context) -> input.length();
    private final RequestHandler<String, Integer> readsOneValue =
            (input, context) -> input.length() + StreambotEnv.get("Key").length();
    private RequestHandler<String, Integer> wrapped;
    private RequestHandler<String, Integer> wrappedReadingOneValue;
    private StreambotRuntime runtime;
    private Context context;
    private String input = "event";

    @Setup
    public void setUp() {
        LocalDynamoDb dynamo = LocalDynamoDb.get();
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("warm"), EnvRecord.NAME);
        dynamo.client().putItem(b -> b.tableName(table)
                .item(new EnvRecord(FUNCTION, Map.of("Key", "value"), 1, Instant.now(), "bench").toItem()));
        AwsEndpoints.exposeCredentialsToDefaultChain(LocalDynamoDb.SERVICE);
        runtime = new StreambotRuntime(
                Environment.of(Map.of(
                        "AWS_REGION",
                        AwsEndpoints.region().id(),
                        EnvRecord.TABLE_ENV_VARIABLE,
                        table,
                        "STREAMBOT_ENDPOINT",
                        dynamo.endpoint().orElseThrow().toString(),
                        "STREAMBOT_ENV_TTL",
                        "1h")),
                Ticker.SYSTEM,
                Sleeper.SYSTEM);
        wrapped = runtime.wrap(bare);
        wrappedReadingOneValue = runtime.wrap(readsOneValue);
        context = TestContext.of(FUNCTION);
        if (wrapped.handleRequest(input, context) != input.length()) {
            throw new IllegalStateException("the wrapped handler did not run");
        }
    }

    @TearDown
    public void tearDown() {
        runtime.close();
    }

    @Benchmark
    public Integer unwrapped() {
        return bare.handleRequest(input, context);
    }

    @Benchmark
    public Integer wrapped() {
        return wrapped.handleRequest(input, context);
    }

    /** Reference: the one monotonic clock read the warm path makes to check the TTL. */
    @Benchmark
    public long clockRead() {
        return System.nanoTime();
    }

    @Benchmark
    public Integer wrappedReadingOneValue() {
        return wrappedReadingOneValue.handleRequest(input, context);
    }
}

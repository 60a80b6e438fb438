package io.streambot.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.StreambotConfigException;
import io.streambot.runtime.StreambotEnv;
import io.streambot.runtime.seams.Environment;
import io.streambot.runtime.seams.Sleeper;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.TestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read started when the handler is wrapped (Lambda's init phase, {@code AWS_LAMBDA_FUNCTION_NAME} set) or
 * at a SnapStart restore, against DynamoDB Local: the first invocation serves it, or reads again if it failed.
 */
@LocalAws
class ReadAheadTest {
    private static final String FUNCTION = "ingest";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void credentials() {
        AwsEndpoints.exposeCredentialsToDefaultChain(LocalDynamoDb.SERVICE);
    }

    @Test
    void theReadStartedWhenTheHandlerIsWrappedIsWhatTheFirstInvocationServes(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        put(dynamo, table, 1, "at-init");
        TestContext context = TestContext.of(FUNCTION);
        try (StreambotRuntime runtime = runtime(dynamo, table, true)) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> StreambotEnv.get("Mode"));
            assertThat(runtime.readAheadFinished(FUNCTION, WAIT)).isTrue();
            // Written after the read ahead finished: the first invocation must not read again.
            put(dynamo, table, 2, "after-init");

            assertThat(handler.handleRequest("", context)).isEqualTo("at-init");
        }
        assertThat(context.getLogger().lines())
                .singleElement()
                .asString()
                .contains("version 1", "waited for the read started ahead")
                .doesNotContain("at-init");
    }

    @Test
    void withoutTheFunctionNameVariableTheFirstInvocationReads(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        put(dynamo, table, 1, "first");
        try (StreambotRuntime runtime = runtime(dynamo, table, false)) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> StreambotEnv.get("Mode"));
            assertThat(runtime.readAheadFinished(FUNCTION, Duration.ZERO))
                    .as("nothing was started")
                    .isFalse();
            put(dynamo, table, 2, "at-invocation");

            assertThat(handler.handleRequest("", TestContext.of(FUNCTION))).isEqualTo("at-invocation");
        }
    }

    @Test
    void aFailedReadAheadSurfacesAtTheFirstInvocationWithTheErrorItWouldHaveWithoutIt(LocalDynamoDb dynamo) {
        String table = LocalDynamoDb.uniqueTableName("env-missing");
        String withReadAhead;
        try (StreambotRuntime runtime = runtime(dynamo, table, true)) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> "ran");
            assertThat(runtime.readAheadFinished(FUNCTION, WAIT)).isTrue();
            withReadAhead = failure(handler);
        }
        String withoutReadAhead;
        try (StreambotRuntime runtime = runtime(dynamo, table, false)) {
            withoutReadAhead = failure(runtime.wrap((String in, Context c) -> "ran"));
        }
        assertThat(withReadAhead)
                .isEqualTo(withoutReadAhead)
                .contains("table '" + table + "'", "key name='" + FUNCTION + "'", "does not exist");
    }

    @Test
    void aReadAheadThatFailedIsRetriedByTheFirstInvocation(LocalDynamoDb dynamo) {
        String table = LocalDynamoDb.uniqueTableName("env-late");
        try (StreambotRuntime runtime = runtime(dynamo, table, true)) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> StreambotEnv.get("Mode"));
            assertThat(runtime.readAheadFinished(FUNCTION, WAIT)).isTrue();
            dynamo.createTable(table, EnvRecord.NAME);
            put(dynamo, table, 1, "created-after-init");

            assertThat(handler.handleRequest("", TestContext.of(FUNCTION))).isEqualTo("created-after-init");
        }
    }

    @Test
    void aSnapStartRestoreStartsAFreshReadAndNeverServesTheOneFromBeforeTheCheckpoint(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        put(dynamo, table, 1, "frozen");
        TestContext context = TestContext.of(FUNCTION);
        try (StreambotRuntime runtime = runtime(dynamo, table, true)) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> StreambotEnv.get("Mode"));
            runtime.beforeCheckpoint(); // waits for the read started at init, then drops it
            put(dynamo, table, 2, "current");
            runtime.afterRestore();
            assertThat(runtime.readAheadFinished(FUNCTION, WAIT))
                    .as("the restore started a read")
                    .isTrue();
            put(dynamo, table, 3, "after-restore-read");

            assertThat(handler.handleRequest("", context)).isEqualTo("current");
        }
        assertThat(context.getLogger().lines())
                .singleElement()
                .asString()
                .contains("version 2", "waited for the read started ahead");
    }

    private static String failure(RequestHandler<String, String> handler) {
        Throwable thrown = catchThrowable(() -> handler.handleRequest("", TestContext.of(FUNCTION)));
        assertThat(thrown).isInstanceOf(StreambotConfigException.class);
        return thrown.getMessage();
    }

    private static StreambotRuntime runtime(LocalDynamoDb dynamo, String table, boolean functionNameVariable) {
        Map<String, String> variables = new HashMap<>();
        variables.put("AWS_REGION", AwsEndpoints.region().id());
        variables.put(EnvRecord.TABLE_ENV_VARIABLE, table);
        dynamo.endpoint().ifPresent(e -> variables.put("STREAMBOT_ENDPOINT", e.toString()));
        if (functionNameVariable) {
            variables.put(StreambotRuntime.FUNCTION_NAME_VARIABLE, FUNCTION);
        }
        return new StreambotRuntime(Environment.of(variables), Ticker.SYSTEM, Sleeper.SYSTEM);
    }

    private static void put(LocalDynamoDb dynamo, String table, long version, String mode) {
        dynamo.client().putItem(b -> b.tableName(table)
                .item(new EnvRecord(
                                FUNCTION, Map.of("Mode", mode), version, Instant.parse("2026-12-01T07:00:00Z"), "test")
                        .toItem()));
    }
}

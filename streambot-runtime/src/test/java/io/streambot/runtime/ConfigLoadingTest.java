package io.streambot.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.streambot.runtime.internal.StreambotRuntime;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The wrapper against DynamoDB Local: loading, caching, refresh and every documented failure. */
@LocalAws
class ConfigLoadingTest {
    private static final String FUNCTION = "ingest";

    @BeforeAll
    static void credentials() {
        RuntimeFixture.useKitCredentials();
    }

    @Test
    void aWrappedRequestHandlerReadsTheRecordWrittenForItsFunction(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        RuntimeFixture.put(dynamo, table, FUNCTION, 3, Map.of("EventBucket", "bucket-secret-name", "BatchSize", "250"));
        RuntimeFixture.put(dynamo, table, "other-function", 1, Map.of("EventBucket", "not-this-one"));
        TestContext context = RuntimeFixture.context(FUNCTION);

        try (StreambotRuntime runtime = RuntimeFixture.forTable(dynamo, table).runtime()) {
            RequestHandler<String, String> handler = runtime.wrap((String input, Context c) ->
                    input + ":" + StreambotEnv.get("EventBucket") + ":" + StreambotEnv.getInt("BatchSize") + ":"
                            + StreambotEnv.current().version());

            assertThat(handler.handleRequest("event", context)).isEqualTo("event:bucket-secret-name:250:3");
        }
        assertThat(context.getLogger().lines())
                .singleElement()
                .asString()
                .contains("function 'ingest'", "table '" + table + "'", "version 3", "2 keys")
                .doesNotContain("bucket-secret-name", "250");
    }

    @Test
    void aWrappedStreamHandlerAndBothBaseClassesReadTheRecord(LocalDynamoDb dynamo) throws IOException {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        RuntimeFixture.put(dynamo, table, FUNCTION, 1, Map.of("Greeting", "hello"));
        try (StreambotRuntime runtime = RuntimeFixture.forTable(dynamo, table).runtime()) {
            RequestStreamHandler wrapped = runtime.wrap((InputStream in, OutputStream out, Context c) -> out.write(
                    (StreambotEnv.get("Greeting") + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8)));
            StreambotStreamHandler extended = new StreambotStreamHandler(runtime) {
                @Override
                protected void handle(InputStream in, OutputStream out, Context c) throws IOException {
                    out.write(StreambotEnv.get("Greeting").getBytes(StandardCharsets.UTF_8));
                }
            };
            StreambotRequestHandler<String, String> extendedRequest = new StreambotRequestHandler<>(runtime) {
                @Override
                protected String handle(String input, Context c) {
                    return StreambotEnv.get("Greeting") + " " + input;
                }
            };

            assertThat(invoke(wrapped, "world")).isEqualTo("hello world");
            assertThat(invoke(extended, "ignored")).isEqualTo("hello");
            assertThat(extendedRequest.handleRequest("you", RuntimeFixture.context(FUNCTION)))
                    .isEqualTo("hello you");
        }
    }

    @Test
    void aChangedRecordIsPickedUpOnlyAfterTheTtl(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        RuntimeFixture.put(dynamo, table, FUNCTION, 1, Map.of("Mode", "a", "Same", "x"));
        RuntimeFixture fixture = RuntimeFixture.forTable(dynamo, table).with("STREAMBOT_ENV_TTL", "30s");
        TestContext context = RuntimeFixture.context(FUNCTION);
        try (StreambotRuntime runtime = fixture.runtime()) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> StreambotEnv.get("Mode"));
            assertThat(handler.handleRequest("", context)).isEqualTo("a");

            RuntimeFixture.put(dynamo, table, FUNCTION, 2, Map.of("Mode", "b", "Same", "x", "Added", "y"));
            fixture.advance(Duration.ofSeconds(29));
            assertThat(handler.handleRequest("", context)).as("within the TTL").isEqualTo("a");

            fixture.advance(Duration.ofSeconds(2));
            assertThat(handler.handleRequest("", context)).as("after the TTL").isEqualTo("b");
        }
        assertThat(context.getLogger().lines())
                .last()
                .asString()
                .contains("version 1 -> 2", "changed keys: Added, Mode")
                .doesNotContain("Same");
    }

    @Test
    void aFailedRefreshKeepsServingTheLastGoodConfigAndWarnsOnce(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        RuntimeFixture.put(dynamo, table, FUNCTION, 4, Map.of("Mode", "good"));
        RuntimeFixture fixture = RuntimeFixture.forTable(dynamo, table).with("STREAMBOT_ENV_TTL", "1m");
        TestContext context = RuntimeFixture.context(FUNCTION);
        try (StreambotRuntime runtime = fixture.runtime()) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> StreambotEnv.get("Mode"));
            assertThat(handler.handleRequest("", context)).isEqualTo("good");

            dynamo.client().deleteTable(b -> b.tableName(table));
            dynamo.client().waiter().waitUntilTableNotExists(b -> b.tableName(table));
            for (int i = 0; i < 3; i++) {
                fixture.advance(Duration.ofMinutes(2));
                assertThat(handler.handleRequest("", context)).isEqualTo("good");
            }
            List<String> warnings = context.getLogger().lines().stream()
                    .filter(l -> l.contains("WARN"))
                    .toList();
            assertThat(warnings)
                    .singleElement()
                    .asString()
                    .contains("keeps serving version 4", "table '" + table + "'", "does not exist");

            dynamo.createTable(table, EnvRecord.NAME);
            RuntimeFixture.put(dynamo, table, FUNCTION, 5, Map.of("Mode", "new"));
            fixture.advance(Duration.ofMinutes(2));
            assertThat(handler.handleRequest("", context)).isEqualTo("new");
            assertThat(context.getLogger().text()).contains("works again");
        }
    }

    @Test
    void aMissingRecordGivesAnEmptyConfigAndOneLogLineByDefault(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        RuntimeFixture fixture = RuntimeFixture.forTable(dynamo, table).with("STREAMBOT_ENV_TTL", "0s");
        TestContext context = RuntimeFixture.context(FUNCTION);
        try (StreambotRuntime runtime = fixture.runtime()) {
            RequestHandler<String, Map<String, String>> handler =
                    runtime.wrap((String in, Context c) -> StreambotEnv.asMap());
            assertThat(handler.handleRequest("", context)).isEmpty();
            assertThat(handler.handleRequest("", context)).isEmpty();
            assertThatThrownBy(() -> runtime.wrap((String in, Context c) -> StreambotEnv.get("EventBucket"))
                            .handleRequest("", context))
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("'EventBucket' is not set for function 'ingest'")
                    .hasMessageContaining("no keys set");
        }
        assertThat(context.getLogger().lines())
                .singleElement()
                .asString()
                .contains("no config record for function 'ingest' in table '" + table + "'", "STREAMBOT_ENV_MISSING");
    }

    @Test
    void aMissingRecordFailsTheInvocationWhenAskedTo(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        RuntimeFixture fixture = RuntimeFixture.forTable(dynamo, table).with("STREAMBOT_ENV_MISSING", "fail");
        AtomicBoolean ran = new AtomicBoolean();
        try (StreambotRuntime runtime = fixture.runtime()) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> {
                ran.set(true);
                return "";
            });
            assertThatThrownBy(() -> handler.handleRequest("", RuntimeFixture.context(FUNCTION)))
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("no streambot config record for function 'ingest' in table '" + table + "'")
                    .hasMessageContaining("STREAMBOT_ENV_MISSING=fail")
                    .satisfies(e ->
                            assertThat(((StreambotConfigException) e).table()).isEqualTo(table));
        }
        assertThat(ran).as("the handler must not run without its config").isFalse();
    }

    @Test
    void aMalformedRecordFailsTheInvocationNamingTableKeyAndProblem(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        dynamo.client().putItem(b -> b.tableName(table)
                .item(Map.of(
                        EnvRecord.NAME, AttributeValue.builder().s(FUNCTION).build(),
                        EnvRecord.ENV,
                                AttributeValue.builder().s("EventBucket=x").build())));
        try (StreambotRuntime runtime = RuntimeFixture.forTable(dynamo, table).runtime()) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> "ran");
            assertThatThrownBy(() -> handler.handleRequest("", RuntimeFixture.context(FUNCTION)))
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("table '" + table + "'")
                    .hasMessageContaining("name='ingest'")
                    .hasMessageContaining("malformed: attribute 'env' is missing or not a map (M)")
                    .hasMessageNotContaining("EventBucket=x");
        }
    }

    @Test
    void aMissingTableFailsTheInvocationNamingTableKeyAndFix(LocalDynamoDb dynamo) {
        String table = LocalDynamoDb.uniqueTableName("absent");
        try (StreambotRuntime runtime = RuntimeFixture.forTable(dynamo, table).runtime()) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> "ran");
            assertThatThrownBy(() -> handler.handleRequest("", RuntimeFixture.context(FUNCTION)))
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("table '" + table + "'")
                    .hasMessageContaining("name='ingest'")
                    .hasMessageContaining("does not exist")
                    .hasMessageContaining("STREAMBOT_ENV_TABLE");
        }
    }

    @Test
    void aRecordOfThreeHundredKilobytesWithHundredsOfKeysLoads(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            env.put(
                    "Key" + i,
                    Integer.toString(i).repeat(1000 / Integer.toString(i).length()));
        }
        RuntimeFixture.put(dynamo, table, FUNCTION, 9, env);
        try (StreambotRuntime runtime = RuntimeFixture.forTable(dynamo, table).runtime()) {
            Map<String, String> loaded = runtime.wrap((String in, Context c) -> StreambotEnv.asMap())
                    .handleRequest("", RuntimeFixture.context(FUNCTION));
            assertThat(loaded).isEqualTo(env);
            assertThat(loaded.values().stream().mapToInt(String::length).sum()).isGreaterThan(290_000);
        }
    }

    @Test
    void manyThreadsInvokingAtOnceSeeOneConsistentConfigEvenWhileItChanges(LocalDynamoDb dynamo) throws Exception {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        RuntimeFixture.put(dynamo, table, FUNCTION, 1, Map.of("A", "1", "B", "1"));
        RuntimeFixture fixture = RuntimeFixture.forTable(dynamo, table).with("STREAMBOT_ENV_TTL", "0s");
        TestContext.TestLambdaLogger logger = new TestContext.TestLambdaLogger();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        Set<String> inconsistent = ConcurrentHashMap.newKeySet();
        Set<Long> versionsSeen = ConcurrentHashMap.newKeySet();
        try (StreambotRuntime runtime = fixture.runtime()) {
            RequestHandler<String, Void> handler = runtime.wrap((String in, Context c) -> {
                String a = StreambotEnv.get("A");
                Thread.yield();
                String b = StreambotEnv.get("B");
                long version = StreambotEnv.current().version();
                versionsSeen.add(version);
                if (!a.equals(b) || !a.equals(Long.toString(version))) {
                    inconsistent.add("A=" + a + " B=" + b + " version=" + version);
                }
                return null;
            });
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 40; i++) {
                        handler.handleRequest(
                                "",
                                TestContext.builder()
                                        .functionName(FUNCTION)
                                        .logger(logger)
                                        .build());
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                start.await();
                for (int v = 2; v <= 20; v++) {
                    String value = Integer.toString(v);
                    RuntimeFixture.put(dynamo, table, FUNCTION, v, Map.of("A", value, "B", value));
                }
                return null;
            }));
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(inconsistent).isEmpty();
        assertThat(versionsSeen).as("the refreshes did land while threads ran").hasSizeGreaterThan(1);
        assertThat(logger.lines().stream().filter(l -> l.contains("loaded the config")))
                .as("one cold load for all threads")
                .hasSize(1);
    }

    @Test
    void theFirstInvocationAfterASnapStartRestoreReadsTheRecordAgain(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("env"), EnvRecord.NAME);
        RuntimeFixture.put(dynamo, table, FUNCTION, 1, Map.of("Mode", "frozen"));
        RuntimeFixture fixture = RuntimeFixture.forTable(dynamo, table).with("STREAMBOT_ENV_TTL", "1h");
        TestContext context = RuntimeFixture.context(FUNCTION);
        try (StreambotRuntime runtime = fixture.runtime()) {
            RequestHandler<String, String> handler = runtime.wrap((String in, Context c) -> StreambotEnv.get("Mode"));
            assertThat(handler.handleRequest("", context)).isEqualTo("frozen");

            runtime.beforeCheckpoint();
            RuntimeFixture.put(dynamo, table, FUNCTION, 2, Map.of("Mode", "current"));
            runtime.afterRestore();

            assertThat(handler.handleRequest("", context)).isEqualTo("current");
        }
        assertThat(context.getLogger().lines())
                .last()
                .asString()
                .contains("version 2", "re-read after a SnapStart restore");
    }

    @Test
    void invalidRuntimeSettingsFailTheInvocationNamingTheVariable(LocalDynamoDb dynamo) {
        String table = LocalDynamoDb.uniqueTableName("env");
        try (StreambotRuntime runtime = RuntimeFixture.forTable(dynamo, table)
                .with("STREAMBOT_ENV_TTL", "five minutes")
                .runtime()) {
            assertThatThrownBy(() -> runtime.wrap((String in, Context c) -> "ran")
                            .handleRequest("", RuntimeFixture.context(FUNCTION)))
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("function 'ingest'")
                    .hasMessageContaining("STREAMBOT_ENV_TTL 'five minutes' is not a duration")
                    .hasMessageContaining("30s");
        }
        RuntimeFixture noRegion = RuntimeFixture.forTable(dynamo, table);
        noRegion.variables.remove("AWS_REGION");
        try (StreambotRuntime runtime = noRegion.runtime()) {
            assertThatThrownBy(() -> runtime.wrap((String in, Context c) -> "ran")
                            .handleRequest("", RuntimeFixture.context(FUNCTION)))
                    .isInstanceOf(StreambotConfigException.class)
                    .hasMessageContaining("AWS_REGION is not set");
        }
    }

    private static String invoke(RequestStreamHandler handler, String input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                out,
                RuntimeFixture.context(FUNCTION));
        return out.toString(StandardCharsets.UTF_8);
    }
}

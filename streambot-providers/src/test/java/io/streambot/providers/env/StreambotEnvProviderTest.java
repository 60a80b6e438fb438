package io.streambot.providers.env;

import static io.streambot.providers.testing.Invocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streambot.providers.internal.CustomResourceHandler;
import io.streambot.providers.testing.Invocations;
import io.streambot.providers.testing.RecordingSleeper;
import io.streambot.providers.testing.ResponseInbox;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.EnvRecordRules;
import io.streambot.runtime.seams.Environment;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.CustomResourceRequests;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalS3;
import io.streambot.testkit.TestContext;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

@LocalAws
class StreambotEnvProviderTest {
    private static final String TYPE = "Custom::StreambotEnv";
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private static final String STACK =
            "arn:aws:cloudformation:eu-west-3:123456789012:stack/service/0a1b2c3d-0000-1111-2222-333344445555";
    private static final String OTHER_STACK =
            "arn:aws:cloudformation:eu-west-3:123456789012:stack/other/9a1b2c3d-0000-1111-2222-333344445555";

    private LocalDynamoDb dynamoDb;
    private String table;
    private ResponseInbox inbox;
    private Map<String, String> variables;

    @BeforeEach
    void setUp(LocalDynamoDb dynamoDb, LocalS3 s3) {
        this.dynamoDb = dynamoDb;
        this.table = dynamoDb.createTable(LocalDynamoDb.uniqueTableName("streambot-env"), EnvRecord.NAME);
        this.inbox = ResponseInbox.in(s3);
        this.variables = new HashMap<>(Invocations.variables(LocalDynamoDb.SERVICE, dynamoDb.endpoint()));
        variables.put(EnvRecord.TABLE_ENV_VARIABLE, table);
    }

    private StreambotEnvProvider provider() {
        return new StreambotEnvProvider(
                Environment.of(variables, Map.of()), new RecordingSleeper(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private JsonNode send(StreambotEnvProvider provider, CustomResourceRequests request) {
        ResponseInbox answerTo = inbox.next();
        invoke(
                provider,
                request.field("StackId", STACK).responseUrl(answerTo.url()),
                TestContext.of("streambot-env-provider"));
        return answerTo.answer();
    }

    /** A Create of the resource for one function with one config value. */
    private static CustomResourceRequests create(String functionName, String key, Object value) {
        return CustomResourceRequests.create(TYPE)
                .property("FunctionName", functionName)
                .property(key, value);
    }

    /** The function's record holds exactly the config {@code key=value}, at {@code version}. */
    private void assertRecord(String functionName, String key, String value, int version) {
        EnvRecord record = record(functionName).orElseThrow();
        assertThat(record.env()).containsExactly(Map.entry(key, value));
        assertThat(record.version()).isEqualTo(version);
    }

    /** An Update of the resource {@code physicalId} to one function with one config value. */
    private static CustomResourceRequests update(String physicalId, String functionName, String key, Object value) {
        return CustomResourceRequests.update(TYPE, physicalId)
                .property("FunctionName", functionName)
                .property(key, value);
    }

    /** The provider over the given client instead of its own. */
    private StreambotEnvProvider provider(DynamoDbClient client) {
        return new StreambotEnvProvider(
                Environment.of(variables, Map.of()),
                new RecordingSleeper(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                () -> client);
    }

    /** The real client's call, as the interceptor may make it. */
    interface RealCall {
        Object proceed() throws Throwable;
    }

    /** Stands between the provider and the real client: sees each call by its method name. */
    interface Interceptor {
        Object intercept(String method, Object[] args, RealCall real) throws Throwable;
    }

    /** The real client with every call going through the interceptor. */
    private static DynamoDbClient intercepted(DynamoDbClient real, Interceptor interceptor) {
        return (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> interceptor.intercept(method.getName(), args, () -> {
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }

    private Optional<EnvRecord> record(String functionName) {
        Map<String, AttributeValue> item = dynamoDb.client()
                .getItem(
                        b -> b.tableName(table).key(EnvRecord.key(functionName)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(EnvRecord.fromItem(item));
    }

    @Test
    void createWritesTheRecordWithEveryOtherPropertyAsAConfigValue() {
        JsonNode answer = send(
                provider(),
                CustomResourceRequests.create(TYPE)
                        .property("ServiceToken", "arn:aws:lambda:eu-west-3:123456789012:function:p")
                        .property("ServiceTimeout", "300")
                        .property("FunctionName", "orders-service")
                        .property("EventBucket", "my-bucket")
                        .property("BatchLimit", 25)
                        .property("Verbose", true));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo("orders-service");
        assertThat(answer.get("Data").get("Version").asText()).isEqualTo("1");
        EnvRecord record = record("orders-service").orElseThrow();
        assertThat(record.env())
                .containsExactly(
                        Map.entry("BatchLimit", "25"),
                        Map.entry("EventBucket", "my-bucket"),
                        Map.entry("Verbose", "true"));
        assertThat(record.version()).isEqualTo(1);
        assertThat(record.updatedAt()).isEqualTo(NOW);
        assertThat(record.updatedBy()).isEqualTo("Custom::StreambotEnv");
    }

    @Test
    void aFunctionArnIsReducedToTheFunctionsName() {
        String arn = "arn:aws:lambda:" + AwsEndpoints.region().id() + ":123456789012:function:arn-given";

        JsonNode answer = send(provider(), create(arn, "Key", "v"));

        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo("arn-given");
        assertThat(record("arn-given")).isPresent();
    }

    @Test
    void updateReplacesTheValuesAndIncrementsTheVersion() {
        StreambotEnvProvider provider = provider();
        send(provider, create("fn-u", "Old", "1"));

        JsonNode answer = send(
                provider, update("fn-u", "fn-u", "New", "2").oldProperties(Map.of("FunctionName", "fn-u", "Old", "1")));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo("fn-u");
        assertThat(answer.get("Data").get("Version").asText()).isEqualTo("2");
        assertRecord("fn-u", "New", "2", 2);
    }

    @Test
    void anUpdateToAnotherFunctionWritesItsRecordUnderANewPhysicalIdAndTheDeleteOfTheOldIdRemovesTheOld() {
        StreambotEnvProvider provider = provider();
        send(provider, create("fn-a", "K", "a"));

        JsonNode update = send(provider, update("fn-a", "fn-b", "K", "b"));
        assertThat(update.get("PhysicalResourceId").asText()).isEqualTo("fn-b");
        assertThat(record("fn-a")).isPresent();

        JsonNode delete = send(
                provider,
                CustomResourceRequests.delete(TYPE, "fn-a")
                        .property("FunctionName", "fn-a")
                        .property("K", "a"));

        assertThat(delete.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(record("fn-a")).isEmpty();
        assertThat(record("fn-b").orElseThrow().env()).containsEntry("K", "b");
    }

    @Test
    void createOverAnExistingRecordBumpsItsVersionInsteadOfRestartingIt() {
        dynamoDb.client().putItem(b -> b.tableName(table)
                .item(new EnvRecord("fn-existing", Map.of("A", "x"), 7, Instant.EPOCH, "put-env").toItem()));

        JsonNode answer = send(provider(), create("fn-existing", "A", "y"));

        assertThat(answer.get("Data").get("Version").asText()).isEqualTo("8");
        assertThat(record("fn-existing").orElseThrow().env()).containsEntry("A", "y");
    }

    @Test
    void aRecordChangedByAnotherWriterDuringTheWriteIsNotOverwritten() {
        // The other writer (streambot:put-env, say) writes between this provider's read and its write.
        DynamoDbClient real = dynamoDb.client();
        DynamoDbClient racing = intercepted(real, (method, args, call) -> {
            Object result = call.proceed();
            if (method.equals("getItem")) {
                real.putItem(b -> b.tableName(table)
                        .item(new EnvRecord("fn-race", Map.of("Newer", "yes"), 4, NOW, "put-env").toItem()));
            }
            return result;
        });
        real.putItem(b -> b.tableName(table)
                .item(new EnvRecord("fn-race", Map.of("Older", "yes"), 3, Instant.EPOCH, "put-env").toItem()));
        StreambotEnvProvider provider = provider(racing);

        JsonNode answer = send(provider, update("fn-race", "fn-race", "Mine", "yes"));

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo("fn-race");
        assertThat(answer.get("Reason").asText())
                .contains("Another writer changed")
                .contains("nothing was overwritten");
        assertRecord("fn-race", "Newer", "yes", 4);
    }

    @Test
    void deleteOfAFailedCreateMarkerOrOfAnIdThatIsNoFunctionNameTouchesNothing() {
        StreambotEnvProvider provider = provider();
        send(provider, create("fn-keep", "K", "v"));

        for (String id : List.of(
                CustomResourceHandler.FAILED_CREATE_PREFIX + "abc",
                "2016/01/01/[$LATEST]0123abcd",
                "fn-never-written")) {
            JsonNode answer =
                    send(provider, CustomResourceRequests.delete(TYPE, id).property("FunctionName", "fn-keep"));
            assertThat(answer.get("Status").asText()).as(id).isEqualTo("SUCCESS");
            assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(id);
        }
        assertThat(record("fn-keep")).isPresent();
    }

    @Test
    void aDeleteWithInvalidPropertiesStillDeletesByPhysicalId() {
        StreambotEnvProvider provider = provider();
        send(provider, create("fn-del", "K", "v"));

        JsonNode answer =
                send(provider, CustomResourceRequests.delete(TYPE, "fn-del").property("bad-key", List.of()));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(record("fn-del")).isEmpty();
    }

    static Stream<Arguments> invalidProperties() {
        return Stream.of(
                Arguments.of(Map.of("Key", "v"), "FunctionName", "is required"),
                Arguments.of(Map.of("FunctionName", "has spaces", "Key", "v"), "FunctionName", "function name"),
                Arguments.of(Map.of("FunctionName", List.of("a")), "FunctionName", "not a list"),
                Arguments.of(
                        Map.of("FunctionName", "fn-bad", "bad-key", "s3cr3t-value"),
                        "bad-key",
                        "environment-variable style"),
                Arguments.of(
                        Map.of("FunctionName", "fn-bad", "Nested", Map.of("a", "s3cr3t-value")),
                        "Nested",
                        "not a list"),
                Arguments.of(Map.of("FunctionName", "fn-bad:prod", "Key", "v"), "FunctionName", "version or alias"),
                Arguments.of(
                        Map.of("FunctionName", "arn:aws:lambda:eu-west-3:123456789012:function:fn-bad:7", "Key", "v"),
                        "FunctionName",
                        "drop the qualifier and give 'fn-bad'"),
                Arguments.of(
                        Map.of("FunctionName", "fn-bad", "K".repeat(129), "s3cr3t-value"),
                        "K".repeat(129),
                        "longer than 128"));
    }

    @ParameterizedTest
    @MethodSource("invalidProperties")
    void invalidPropertiesFailNamingThePropertyWithoutEchoingValuesAndWriteNothing(
            Map<String, Object> properties, String property, String problem) {
        JsonNode answer = send(provider(), CustomResourceRequests.create(TYPE).properties(properties));

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText())
                .startsWith("Invalid property '" + property + "'")
                .contains(problem)
                .doesNotContain("s3cr3t");
        assertThat(answer.get("Data").size()).isZero();
        assertThat(answer.get("PhysicalResourceId").asText()).startsWith(CustomResourceHandler.FAILED_CREATE_PREFIX);
        assertThat(record("fn-bad")).isEmpty();
    }

    @Test
    void theWholeRecordIsBoundedBelowDynamoDbsItemLimit() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("FunctionName", "fn-big");
        for (int i = 0; i < 12; i++) {
            properties.put("Part" + i, "y".repeat(32_000));
        }

        JsonNode answer = send(provider(), CustomResourceRequests.create(TYPE).properties(properties));

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).contains("over streambot's limit of " + 300 * 1024 + " bytes");
        assertThat(record("fn-big")).isEmpty();
    }

    @Test
    void aFailedUpdateKeepsTheOldPhysicalIdAndTheRecord() {
        StreambotEnvProvider provider = provider();
        send(provider, create("fn-keep2", "K", "v"));

        JsonNode answer = send(provider, update("fn-keep2", "fn-keep2", "K", Map.of("x", 1)));

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo("fn-keep2");
        assertThat(record("fn-keep2").orElseThrow().env()).containsExactly(Map.entry("K", "v"));
    }

    @Test
    void aValueLargerThan32KbIsAcceptedSincePutEnvAndTheProviderShareOneRecordLimit() {
        JsonNode answer = send(provider(), create("fn-cert", "Certificate", "c".repeat(40_000)));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(record("fn-cert").orElseThrow().env().get("Certificate")).hasSize(40_000);
    }

    @Test
    void aRecordWithoutVersionOrOwnerAsOlderToolsWroteThemIsUpdatedAndOwned() {
        dynamoDb.client().putItem(b -> b.tableName(table)
                .item(Map.of(
                        EnvRecord.NAME, AttributeValue.builder().s("fn-old").build(),
                        EnvRecord.ENV,
                                AttributeValue.builder()
                                        .m(Map.of(
                                                "A",
                                                AttributeValue.builder().s("x").build()))
                                        .build())));

        JsonNode answer = send(provider(), create("fn-old", "A", "y"));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        EnvRecord record = record("fn-old").orElseThrow();
        assertThat(record.version()).isEqualTo(1);
        assertThat(record.owner()).isEqualTo(EnvRecordRules.stackOwner(STACK, "Resource"));
    }

    static Stream<Arguments> foreignOwners() {
        return Stream.of(
                Arguments.of(EnvRecordRules.PUT_ENV_OWNER, "owned by put-env (mvn streambot:put-env)"),
                Arguments.of(
                        EnvRecordRules.stackOwner(OTHER_STACK, "Config"),
                        "owned by the Custom::StreambotEnv resource " + OTHER_STACK + "/Config"));
    }

    @ParameterizedTest
    @MethodSource("foreignOwners")
    void aRecordAnotherWriterOwnsIsNeitherChangedNorDeletedUnlessTakeOwnershipIsTrue(String owner, String named) {
        dynamoDb.client().putItem(b -> b.tableName(table)
                .item(new EnvRecord("fn-owned", Map.of("A", "theirs"), 3, Instant.EPOCH, "x", owner).toItem()));
        StreambotEnvProvider provider = provider();

        JsonNode refused = send(provider, create("fn-owned", "A", "mine"));
        JsonNode deleted =
                send(provider, CustomResourceRequests.delete(TYPE, "fn-owned").property("FunctionName", "fn-owned"));

        assertThat(refused.get("Status").asText()).isEqualTo("FAILED");
        assertThat(refused.get("Reason").asText()).contains(named).contains("TakeOwnership: true");
        assertThat(deleted.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(record("fn-owned").orElseThrow().env()).containsExactly(Map.entry("A", "theirs"));

        JsonNode taken = send(
                provider,
                CustomResourceRequests.create(TYPE)
                        .property("FunctionName", "fn-owned")
                        .property("TakeOwnership", "true")
                        .property("A", "mine"));

        assertThat(taken.get("Status").asText()).isEqualTo("SUCCESS");
        EnvRecord record = record("fn-owned").orElseThrow();
        assertThat(record.env()).containsExactly(Map.entry("A", "mine"));
        assertThat(record.owner()).isEqualTo(EnvRecordRules.stackOwner(STACK, "Resource"));
        assertThat(record.version()).isEqualTo(4);
    }

    @Test
    void aRenamedResourceOfTheSameStackTakesTheRecordOverAndTheOldOnesDeleteLeavesIt() {
        StreambotEnvProvider provider = provider();
        send(provider, create("fn-renamed", "A", "old").logicalResourceId("OldConfig"));

        JsonNode created = send(provider, create("fn-renamed", "A", "new").logicalResourceId("NewConfig"));
        JsonNode deleted = send(
                provider,
                CustomResourceRequests.delete(TYPE, "fn-renamed")
                        .logicalResourceId("OldConfig")
                        .property("FunctionName", "fn-renamed"));

        assertThat(created.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(deleted.get("Status").asText()).isEqualTo("SUCCESS");
        EnvRecord record = record("fn-renamed").orElseThrow();
        assertThat(record.env()).containsExactly(Map.entry("A", "new"));
        assertThat(record.owner()).isEqualTo(EnvRecordRules.stackOwner(STACK, "NewConfig"));
    }

    static Stream<Arguments> before() {
        return Stream.of(
                Arguments.of("no record", null),
                Arguments.of("a record", new EnvRecord("fn-late", Map.of("A", "before"), 3, Instant.EPOCH, "put-env")));
    }

    @ParameterizedTest(name = "{0} before")
    @MethodSource("before")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aWriteThatLandsAfterTheFailedAnswerIsUndoneConditionallyOnTheVersionItWrote(
            String description, EnvRecord previous) {
        DynamoDbClient real = dynamoDb.client();
        if (previous != null) {
            real.putItem(b -> b.tableName(table).item(previous.toItem()));
        }
        ResponseInbox answerTo = inbox.next();
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        // The provider's put is in flight when the watchdog fires, ignores its interrupt, and lands after the FAILED
        // answer.
        DynamoDbClient late = intercepted(real, (method, args, call) -> {
            if (method.equals("putItem") && first.getAndSet(false)) {
                PutItemRequest put = args[0] instanceof PutItemRequest request
                        ? request
                        : PutItemRequest.builder()
                                .applyMutation((java.util.function.Consumer<PutItemRequest.Builder>) args[0])
                                .build();
                for (int i = 0; i < 1_000 && !answered(answerTo); i++) {
                    sleepUninterruptibly(20);
                }
                Thread.interrupted();
                return real.putItem(put.toBuilder()
                        .overrideConfiguration((AwsRequestOverrideConfiguration) null)
                        .build());
            }
            return call.proceed();
        });
        StreambotEnvProvider provider = provider(late);
        TestContext context = TestContext.builder()
                .functionName("streambot-env-provider")
                .timeout(Duration.ofMillis(3_000))
                .build();

        invoke(
                provider,
                CustomResourceRequests.create(TYPE)
                        .field("StackId", STACK)
                        .property("FunctionName", "fn-late")
                        .property("Secret", "s3cr3t")
                        .responseUrl(answerTo.url()),
                context);

        assertThat(answerTo.answer().get("Status").asText()).isEqualTo("FAILED");
        assertThat(context.getLogger().text()).contains("undoing at once");
        if (previous == null) {
            assertThat(record("fn-late")).isEmpty();
        } else {
            EnvRecord now = record("fn-late").orElseThrow();
            assertThat(now.env()).containsExactly(Map.entry("A", "before"));
            assertThat(now.version()).as("versions only grow").isEqualTo(5);
        }
    }

    /** Whether the answer arrived; ignores the watchdog's interrupt, as a blocking socket read does. */
    private static boolean answered(ResponseInbox inbox) {
        Thread.interrupted();
        try {
            inbox.rawAnswer();
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkClientException e) {
            Thread.interrupted();
            return false;
        }
    }

    private static void sleepUninterruptibly(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() - end < 0) {
            try {
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            } catch (InterruptedException e) {
                // keeps going, like a blocking socket read that an interrupt does not stop
            }
        }
    }

    @Test
    void aMissingTableIsReportedWithTheVariableThatNamesIt() {
        variables.put(EnvRecord.TABLE_ENV_VARIABLE, LocalDynamoDb.uniqueTableName("no-such-table"));

        JsonNode answer = send(provider(), create("fn-x", "K", "v"));

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).contains("does not exist").contains("STREAMBOT_ENV_TABLE");
    }
}

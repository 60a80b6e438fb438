package io.streambot.providers.env;

import static io.streambot.providers.testing.Invocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streambot.providers.internal.CustomResourceHandler;
import io.streambot.providers.internal.Environment;
import io.streambot.providers.testing.Invocations;
import io.streambot.providers.testing.RecordingSleeper;
import io.streambot.providers.testing.ResponseInbox;
import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.CustomResourceRequests;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.LocalS3;
import io.streambot.testkit.TestContext;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@LocalAws
class StreambotEnvProviderTest {
    private static final String TYPE = "Custom::StreambotEnv";
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

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
        invoke(provider, request.responseUrl(answerTo.url()), TestContext.of("streambot-env-provider"));
        return answerTo.answer();
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

        JsonNode answer = send(
                provider(),
                CustomResourceRequests.create(TYPE)
                        .property("FunctionName", arn)
                        .property("Key", "v"));

        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo("arn-given");
        assertThat(record("arn-given")).isPresent();
    }

    @Test
    void updateReplacesTheValuesAndIncrementsTheVersion() {
        StreambotEnvProvider provider = provider();
        send(
                provider,
                CustomResourceRequests.create(TYPE)
                        .property("FunctionName", "fn-u")
                        .property("Old", "1"));

        JsonNode answer = send(
                provider,
                CustomResourceRequests.update(TYPE, "fn-u")
                        .property("FunctionName", "fn-u")
                        .property("New", "2")
                        .oldProperties(Map.of("FunctionName", "fn-u", "Old", "1")));

        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo("fn-u");
        assertThat(answer.get("Data").get("Version").asText()).isEqualTo("2");
        EnvRecord record = record("fn-u").orElseThrow();
        assertThat(record.env()).containsExactly(Map.entry("New", "2"));
        assertThat(record.version()).isEqualTo(2);
    }

    @Test
    void anUpdateToAnotherFunctionWritesItsRecordUnderANewPhysicalIdAndTheDeleteOfTheOldIdRemovesTheOld() {
        StreambotEnvProvider provider = provider();
        send(
                provider,
                CustomResourceRequests.create(TYPE)
                        .property("FunctionName", "fn-a")
                        .property("K", "a"));

        JsonNode update = send(
                provider,
                CustomResourceRequests.update(TYPE, "fn-a")
                        .property("FunctionName", "fn-b")
                        .property("K", "b"));
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

        JsonNode answer = send(
                provider(),
                CustomResourceRequests.create(TYPE)
                        .property("FunctionName", "fn-existing")
                        .property("A", "y"));

        assertThat(answer.get("Data").get("Version").asText()).isEqualTo("8");
        assertThat(record("fn-existing").orElseThrow().env()).containsEntry("A", "y");
    }

    @Test
    void aRecordChangedByAnotherWriterDuringTheWriteIsNotOverwritten() {
        // The other writer (streambot:put-env, say) writes between this provider's read and its write.
        DynamoDbClient real = dynamoDb.client();
        DynamoDbClient racing = (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("getItem")) {
                        real.putItem(b -> b.tableName(table)
                                .item(new EnvRecord("fn-race", Map.of("Newer", "yes"), 4, NOW, "put-env").toItem()));
                    }
                    return result;
                });
        real.putItem(b -> b.tableName(table)
                .item(new EnvRecord("fn-race", Map.of("Older", "yes"), 3, Instant.EPOCH, "put-env").toItem()));
        StreambotEnvProvider provider = new StreambotEnvProvider(
                Environment.of(variables, Map.of()),
                new RecordingSleeper(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                () -> racing);

        JsonNode answer = send(
                provider,
                CustomResourceRequests.update(TYPE, "fn-race")
                        .property("FunctionName", "fn-race")
                        .property("Mine", "yes"));

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo("fn-race");
        assertThat(answer.get("Reason").asText())
                .contains("Another writer changed")
                .contains("nothing was overwritten");
        EnvRecord record = record("fn-race").orElseThrow();
        assertThat(record.env()).containsExactly(Map.entry("Newer", "yes"));
        assertThat(record.version()).isEqualTo(4);
    }

    @Test
    void deleteOfAFailedCreateMarkerOrOfAnIdThatIsNoFunctionNameTouchesNothing() {
        StreambotEnvProvider provider = provider();
        send(
                provider,
                CustomResourceRequests.create(TYPE)
                        .property("FunctionName", "fn-keep")
                        .property("K", "v"));

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
        send(
                provider,
                CustomResourceRequests.create(TYPE)
                        .property("FunctionName", "fn-del")
                        .property("K", "v"));

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
                        Map.of("FunctionName", "fn-bad", "bad-key", "s3cr3t-value"), "bad-key", "start with a letter"),
                Arguments.of(
                        Map.of("FunctionName", "fn-bad", "Nested", Map.of("a", "s3cr3t-value")),
                        "Nested",
                        "not a list"),
                Arguments.of(
                        Map.of("FunctionName", "fn-bad", "Huge", "s3cr3t-value" + "x".repeat(40_000)),
                        "Huge",
                        "at most 32768"));
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
        assertThat(answer.get("Reason").asText()).contains("exceeds " + 350 * 1024 + " bytes");
        assertThat(record("fn-big")).isEmpty();
    }

    @Test
    void aFailedUpdateKeepsTheOldPhysicalIdAndTheRecord() {
        StreambotEnvProvider provider = provider();
        send(
                provider,
                CustomResourceRequests.create(TYPE)
                        .property("FunctionName", "fn-keep2")
                        .property("K", "v"));

        JsonNode answer = send(
                provider,
                CustomResourceRequests.update(TYPE, "fn-keep2")
                        .property("FunctionName", "fn-keep2")
                        .property("K", Map.of("x", 1)));

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo("fn-keep2");
        assertThat(record("fn-keep2").orElseThrow().env()).containsExactly(Map.entry("K", "v"));
    }

    @Test
    void aMissingTableIsReportedWithTheVariableThatNamesIt() {
        variables.put(EnvRecord.TABLE_ENV_VARIABLE, LocalDynamoDb.uniqueTableName("no-such-table"));

        JsonNode answer = send(
                provider(),
                CustomResourceRequests.create(TYPE)
                        .property("FunctionName", "fn-x")
                        .property("K", "v"));

        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).contains("does not exist").contains("STREAMBOT_ENV_TABLE");
    }
}

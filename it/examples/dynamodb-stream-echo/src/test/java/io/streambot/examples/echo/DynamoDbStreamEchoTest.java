package io.streambot.examples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.ConfigTable;
import io.streambot.testkit.DynamoDbStreamEvents;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.TestContext;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@LocalAws
class DynamoDbStreamEchoTest {
    /** The name surefire gives the runtime through STREAMBOT_ENV_TABLE (see the pom). */
    static final String TABLE = "streambot-env-examples";

    LocalDynamoDb dynamo;
    String functionName;

    @BeforeEach
    void setUp(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        ConfigTable.prepare(dynamo, TABLE);
        // One function per test: the runtime caches each function's record for its TTL.
        functionName = "dynamodb-stream-echo-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void withoutARecordEveryChangeIsLoggedWithItsKeysAndWholeNewImage() {
        var event = DynamoDbStreamEvents.table("data")
                .insert(Map.of("id", "42"), Map.of("id", "42", "name", "Ada", "visits", 3))
                .modify(Map.of("id", "7"), Map.of("id", "7", "name", "Grace", "admin", true))
                .build();
        TestContext context = TestContext.of(functionName);

        String result = new DynamoDbStreamEcho().handleRequest(event, context);

        assertThat(result).isEqualTo("echoed 2 changes");
        assertThat(context.getLogger().lines())
                .contains(
                        "INSERT keys={id=S:42} newImage={id=S:42, name=S:Ada, visits=N:3}",
                        "MODIFY keys={id=S:7} newImage={admin=BOOL:true, id=S:7, name=S:Grace}");
    }

    @Test
    void echoAttributesFromTheRecordLimitsTheLoggedImage() {
        dynamo.client().putItem(b -> b.tableName(TABLE)
                .item(new EnvRecord(functionName, Map.of("EchoAttributes", "name, visits"), 1, Instant.now(), "test")
                        .toItem()));
        var event = DynamoDbStreamEvents.table("data")
                .insert(Map.of("id", "42"), Map.of("id", "42", "name", "Ada", "visits", 3, "secret", "x"))
                .build();
        TestContext context = TestContext.of(functionName);

        new DynamoDbStreamEcho().handleRequest(event, context);

        assertThat(context.getLogger().lines())
                .contains("INSERT keys={id=S:42} newImage={name=S:Ada, visits=N:3}")
                .noneMatch(line -> line.contains("secret"));
    }

    @Test
    void anAsteriskLogsTheWholeImage() {
        dynamo.client().putItem(b -> b.tableName(TABLE)
                .item(new EnvRecord(functionName, Map.of("EchoAttributes", "*"), 1, Instant.now(), "test").toItem()));
        var event = DynamoDbStreamEvents.table("data")
                .insert(Map.of("id", "1"), Map.of("id", "1", "name", "Ada"))
                .build();
        TestContext context = TestContext.of(functionName);

        new DynamoDbStreamEcho().handleRequest(event, context);

        assertThat(context.getLogger().lines()).contains("INSERT keys={id=S:1} newImage={id=S:1, name=S:Ada}");
    }

    @Test
    void aRemoveHasKeysAndAnEmptyImage() {
        var event =
                DynamoDbStreamEvents.table("data").remove(Map.of("id", "42")).build();
        TestContext context = TestContext.of(functionName);

        new DynamoDbStreamEcho().handleRequest(event, context);

        assertThat(context.getLogger().lines()).contains("REMOVE keys={id=S:42} newImage={}");
    }
}

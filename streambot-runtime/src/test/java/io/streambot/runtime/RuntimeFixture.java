package io.streambot.runtime;

import io.streambot.runtime.internal.StreambotRuntime;
import io.streambot.runtime.internal.Ticker;
import io.streambot.runtime.seams.Environment;
import io.streambot.runtime.seams.Sleeper;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.LocalDynamoDb;
import io.streambot.testkit.TestContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** A runtime pointed at a test table, with a clock the test moves. */
final class RuntimeFixture {
    final Map<String, String> variables = new HashMap<>();
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    Ticker ticker = nanos::get;
    Sleeper sleeper = Sleeper.SYSTEM;

    /** The runtime builds its client with the default chain: give it the kit's keys (unless the target is AWS). */
    static void useKitCredentials() {
        AwsEndpoints.exposeCredentialsToDefaultChain(LocalDynamoDb.SERVICE);
    }

    /**
     * The function's credentials in its environment, as Lambda sets them: the runtime then reads with its lean
     * GetItem. {@link #withoutCredentialVariables} sends it to the SDK client's default chain instead.
     */
    private void credentialVariables() {
        AwsCredentials keys = AwsEndpoints.credentials(LocalDynamoDb.SERVICE).resolveCredentials();
        variables.put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
        variables.put("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey());
        if (keys instanceof AwsSessionCredentials session) {
            variables.put("AWS_SESSION_TOKEN", session.sessionToken());
        }
    }

    /** Without the credential variables: the runtime reads through the SDK client (see {@link #useKitCredentials}). */
    RuntimeFixture withoutCredentialVariables() {
        variables.remove("AWS_ACCESS_KEY_ID");
        variables.remove("AWS_SECRET_ACCESS_KEY");
        variables.remove("AWS_SESSION_TOKEN");
        return this;
    }

    static RuntimeFixture forTable(LocalDynamoDb dynamo, String table) {
        RuntimeFixture fixture = new RuntimeFixture();
        fixture.credentialVariables();
        fixture.variables.put("AWS_REGION", AwsEndpoints.region().id());
        fixture.variables.put(EnvRecord.TABLE_ENV_VARIABLE, table);
        dynamo.endpoint().ifPresent(e -> fixture.variables.put("STREAMBOT_ENDPOINT", e.toString()));
        return fixture;
    }

    static RuntimeFixture forEndpoint(URI endpoint, String table) {
        RuntimeFixture fixture = new RuntimeFixture();
        fixture.credentialVariables();
        fixture.variables.put("AWS_REGION", AwsEndpoints.region().id());
        fixture.variables.put(EnvRecord.TABLE_ENV_VARIABLE, table);
        fixture.variables.put("STREAMBOT_ENDPOINT", endpoint.toString());
        return fixture;
    }

    RuntimeFixture with(String variable, String value) {
        variables.put(variable, value);
        return this;
    }

    StreambotRuntime runtime() {
        return new StreambotRuntime(Environment.of(variables), ticker, sleeper);
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    static TestContext context(String functionName) {
        return TestContext.builder().functionName(functionName).build();
    }

    static void put(LocalDynamoDb dynamo, String table, String functionName, long version, Map<String, String> env) {
        dynamo.client().putItem(b -> b.tableName(table)
                .item(new EnvRecord(functionName, env, version, Instant.parse("2026-11-21T08:00:00Z"), "test")
                        .toItem()));
    }
}

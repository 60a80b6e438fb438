package io.streambot.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.streambot.runtime.internal.StreambotRuntime;

/**
 * Wraps a Lambda handler so that the function's runtime configuration is loaded from the streambot
 * config table before the handler runs; the handler reads it through {@link StreambotEnv}.
 *
 * <pre>{@code
 * public class Ingest implements RequestHandler<KinesisEvent, Void> {
 *     private static final RequestHandler<KinesisEvent, Void> HANDLER = Streambot.wrap(Ingest::process);
 *
 *     public Void handleRequest(KinesisEvent event, Context context) {
 *         return HANDLER.handleRequest(event, context);
 *     }
 *
 *     private static Void process(KinesisEvent event, Context context) {
 *         String bucket = StreambotEnv.get("EventBucket");
 *         ...
 *     }
 * }
 * }</pre>
 *
 * Or extend {@link StreambotRequestHandler} / {@link StreambotStreamHandler}.
 *
 * <h2>Where the configuration comes from</h2>
 * The record whose key ({@value EnvRecord#NAME}) is the function's name
 * ({@code Context.getFunctionName()}), in the table named by the function's environment variable
 * {@value EnvRecord#TABLE_ENV_VARIABLE} (default {@value EnvRecord#DEFAULT_TABLE}), in the region
 * {@code AWS_REGION} (which Lambda sets). The record layout is {@link EnvRecord}, written by
 * {@code mvn streambot:put-env} and the {@code Custom::StreambotEnv} resource. The function's role
 * needs {@code dynamodb:GetItem} on the table.
 *
 * <h2>When it is read</h2>
 * <ul>
 *   <li>Once per execution environment, with a strongly consistent {@code GetItem}. The read starts when
 *       the handler is wrapped (or a {@link StreambotRequestHandler} / {@link StreambotStreamHandler} is
 *       constructed), on a daemon thread, if {@code AWS_LAMBDA_FUNCTION_NAME} (which Lambda sets) names the
 *       function: it overlaps the rest of Lambda's init phase, and the first invocation waits only for what is
 *       left of it. If that read fails, the first invocation reads again and fails as it would have without
 *       it; without the variable the first invocation reads. The first invocation fails if its read fails.
 *   <li>Then it is served from memory until the TTL passes: {@code STREAMBOT_ENV_TTL} (default one
 *       minute; {@code 30s}, {@code 5m} or ISO-8601 {@code PT5M}; {@code 0s} reads on every invocation,
 *       as the original streambot did). The first invocation after the TTL reads the record again:
 *       it waits at most for that one read; invocations running meanwhile on other threads are served
 *       the current configuration without waiting. If the refresh fails, the last good configuration
 *       keeps being served, one warning is logged, and the next refresh is tried a TTL later.
 *   <li>After a SnapStart restore the record is read again, starting at the restore, so a configuration
 *       frozen in the snapshot is never served; before the checkpoint the read started at init is awaited
 *       (it primes the snapshot's classes) and dropped, and the DynamoDB client is closed; after the restore
 *       it is rebuilt, with fresh credentials.
 * </ul>
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li>No record for the function: by default the handler runs with an empty configuration and one
 *       line is logged (as in the original); with {@code STREAMBOT_ENV_MISSING=fail} the invocation
 *       fails instead. A record deleted after it was loaded is, at the next refresh, an empty
 *       configuration by default, and a failed refresh (the last good configuration stays) with
 *       {@code fail}.
 *   <li>A malformed record, a missing table, access denied, or an invalid runtime setting: the
 *       invocation fails with a {@link StreambotConfigException} naming the table, the key and the
 *       cause.
 *   <li>Throttling, DynamoDB server errors and network errors: retried with jittered exponential
 *       backoff, at most 8 attempts, retries starting only within the first half of the invocation's remaining time, then as
 *       above.
 * </ul>
 *
 * <h2>Local runs and tests</h2>
 * {@code STREAMBOT_ENDPOINT} (or the system property {@code streambot.endpoint}) overrides the
 * DynamoDB endpoint, for example DynamoDB Local's. Credentials come from the SDK's default chain (straight
 * from {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} / {@code AWS_SESSION_TOKEN} when they are set
 * and the system property {@code aws.accessKeyId} is not, which is what that chain would pick, without building it).
 *
 * <p>The log says which keys were loaded or changed and how many; it never contains a value.
 */
public final class Streambot {
    private Streambot() {}

    /** {@code handler}, run after the function's configuration is loaded; see the class description. */
    public static <I, O> RequestHandler<I, O> wrap(RequestHandler<I, O> handler) {
        return StreambotRuntime.system().wrap(handler);
    }

    /** {@code handler}, run after the function's configuration is loaded; see the class description. */
    public static RequestStreamHandler wrap(RequestStreamHandler handler) {
        return StreambotRuntime.system().wrap(handler);
    }
}

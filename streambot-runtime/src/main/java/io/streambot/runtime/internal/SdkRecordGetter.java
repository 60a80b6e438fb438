package io.streambot.runtime.internal;

import io.streambot.runtime.EnvRecord;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The GetItem through the SDK's DynamoDB client: where the {@link LeanGetItem} does not go (credentials that are not
 * in the environment or system properties, FIPS or dual-stack endpoints, other partitions, a shared config file).
 */
final class SdkRecordGetter implements RecordGetter {
    private final RuntimeSettings settings;
    private volatile DynamoDbClient client;

    SdkRecordGetter(RuntimeSettings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<EnvRecord> get(String table, String functionName, Duration timeout) {
        GetItemResponse response = client().getItem(b -> b.tableName(table)
                .key(EnvRecord.key(functionName))
                .consistentRead(true)
                .overrideConfiguration(o -> o.apiCallTimeout(timeout)));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(EnvRecord.fromItem(response.item()));
    }

    private DynamoDbClient client() {
        DynamoDbClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = DynamoDbClients.build(settings);
                    client = c;
                }
            }
        }
        return c;
    }

    @Override
    public synchronized void close() {
        DynamoDbClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }
}

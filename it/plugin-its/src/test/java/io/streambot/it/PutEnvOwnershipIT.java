package io.streambot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.EnvRecordRules;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** put-env and a stack's Custom::StreambotEnv do not overwrite each other's record unless told to. */
@LocalAws
class PutEnvOwnershipIT {

    @Test
    void aRecordAStackOwnsIsRefusedNamingTheOwnerAndTakenOverWithTheSwitch(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("live-env"), EnvRecord.NAME);
        String function = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        String owner = EnvRecordRules.stackOwner("arn:aws:cloudformation:eu-west-3:123456789012:stack/svc/1", "Config");
        dynamo.client().putItem(b -> b.tableName(table)
                .item(new EnvRecord(function, Map.of("MODE", "from-stack"), 3, Instant.EPOCH, "x", owner).toItem()));

        ChildBuild.Result refused = build("refused", dynamo, table, function).run();

        assertThat(refused.succeeded()).as(refused.log()).isFalse();
        assertThat(refused.log())
                .contains("is owned by the Custom::StreambotEnv resource arn:aws:cloudformation:eu-west-3:123456789012:"
                        + "stack/svc/1/Config")
                .contains("-Dstreambot.env.takeOwnership=true");
        assertThat(record(dynamo, table, function).env()).isEqualTo(Map.of("MODE", "from-stack"));

        ChildBuild.Result taken = build("taken", dynamo, table, function)
                .property("streambot.env.takeOwnership", true)
                .run();

        assertThat(taken.succeeded()).as(taken.log()).isTrue();
        EnvRecord now = record(dynamo, table, function);
        assertThat(now.env()).isEqualTo(Map.of("MODE", "from-put-env"));
        assertThat(now.owner()).isEqualTo(EnvRecordRules.PUT_ENV_OWNER);
    }

    private static ChildBuild build(String suffix, LocalDynamoDb dynamo, String table, String function) {
        return ChildBuild.putEnv("put-env-ownership", suffix, dynamo, table).property("fn", function);
    }

    private static EnvRecord record(LocalDynamoDb dynamo, String table, String function) {
        return EnvRecord.fromItem(dynamo.client()
                .getItem(b -> b.tableName(table).key(EnvRecord.key(function)).consistentRead(true))
                .item());
    }
}

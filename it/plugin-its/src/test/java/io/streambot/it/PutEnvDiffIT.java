package io.streambot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalDynamoDb;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@LocalAws
class PutEnvDiffIT {

    @Test
    void writesTwoFunctionsShowsMaskedDiffsAndWritesNothingWhenUnchanged(LocalDynamoDb dynamo) {
        String table = dynamo.createTable(LocalDynamoDb.uniqueTableName("live-env"), EnvRecord.NAME);
        String firstUrl = "jdbc:postgresql://db/orders?password=" + UUID.randomUUID();
        String secondUrl = "jdbc:postgresql://db/orders?password=" + UUID.randomUUID();

        ChildBuild.Result created = build("create", dynamo, table, firstUrl).run();

        assertThat(created.succeeded()).as(created.log()).isTrue();
        assertThat(created.log())
                .contains("  + DB_URL = ****", "  + MODE = ****", "  + API_TOKEN = ****", "  + RETRIES = ****")
                .contains("  + CURRENCY = ****");
        assertThat(record(dynamo, table, "orders")).isEqualTo(Map.of("DB_URL", firstUrl, "MODE", "live-mode-value"));
        assertThat(record(dynamo, table, "billing"))
                .isEqualTo(Map.of("API_TOKEN", "billing-token-value-7f3a", "RETRIES", "3", "CURRENCY", "EUR-value"));

        ChildBuild.Result unchanged =
                build("unchanged", dynamo, table, firstUrl).run();

        assertThat(unchanged.succeeded()).as(unchanged.log()).isTrue();
        assertThat(unchanged.log())
                .contains("Config of function 'orders' is up to date (version 1): nothing written")
                .contains("Config of function 'billing' is up to date (version 1): nothing written");

        ChildBuild.Result dryRun = build("dry-run", dynamo, table, secondUrl)
                .property("streambot.dryRun", true)
                .run();

        assertThat(dryRun.succeeded()).as(dryRun.log()).isTrue();
        assertThat(dryRun.log()).contains("  ~ DB_URL = ****").contains("Dry run");
        assertThat(record(dynamo, table, "orders")).containsEntry("DB_URL", firstUrl);

        ChildBuild.Result changed = build("changed", dynamo, table, secondUrl).run();

        assertThat(changed.succeeded()).as(changed.log()).isTrue();
        assertThat(changed.log())
                .contains("  ~ DB_URL = ****")
                .contains("Wrote config of function 'orders' to table '" + table + "': version 2");
        assertThat(record(dynamo, table, "orders")).containsEntry("DB_URL", secondUrl);

        for (ChildBuild.Result r : new ChildBuild.Result[] {created, unchanged, dryRun, changed}) {
            assertThat(r.log())
                    .doesNotContain(firstUrl, secondUrl, "live-mode-value", "billing-token-value-7f3a", "EUR-value");
        }
    }

    @Test
    void aMissingTableFailsNamingEnvTableAndTheFix(LocalDynamoDb dynamo) {
        ChildBuild.Result result = build("missing-table", dynamo, "no-such-table-" + UUID.randomUUID(), "x")
                .run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log())
                .contains("<envTable> (-Dstreambot.envTable) = 'no-such-table-")
                .contains("primaryStack");
    }

    private static ChildBuild build(String suffix, LocalDynamoDb dynamo, String table, String dbUrl) {
        return ChildBuild.putEnv("put-env-diff", suffix, dynamo, table).property("db.url", dbUrl);
    }

    private static Map<String, String> record(LocalDynamoDb dynamo, String table, String function) {
        return EnvRecord.fromItem(dynamo.client()
                        .getItem(b ->
                                b.tableName(table).key(EnvRecord.key(function)).consistentRead(true))
                        .item())
                .env();
    }
}

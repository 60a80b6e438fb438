package io.streambot.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class EnvRecordRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "orders",
                "123456789012:function:orders",
                "arn:aws:lambda:eu-west-3:123456789012:function:orders",
                "arn:aws-cn:lambda:cn-north-1:123456789012:function:orders"
            })
    void everyUnqualifiedFormIsReducedToTheNameTheRuntimeReads(String given) {
        assertThat(EnvRecordRules.functionName(given)).isEqualTo("orders");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "orders:prod",
                "orders:7",
                "orders:$LATEST",
                "arn:aws:lambda:eu-west-3:123456789012:function:orders:prod"
            })
    void aVersionOrAliasIsRefusedNamingTheNameToGiveInstead(String given) {
        assertThatThrownBy(() -> EnvRecordRules.functionName(given))
                .isInstanceOf(EnvRecordRules.Violation.class)
                .hasMessageContaining("names a version or alias")
                .hasMessageContaining("give 'orders'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "a/b", "arn:aws:s3:::bucket", " "})
    void whatIsNoFunctionIsRefused(String given) {
        assertThatThrownBy(() -> EnvRecordRules.functionName(given)).isInstanceOf(EnvRecordRules.Violation.class);
    }

    @Test
    void keysAreEnvironmentVariableNamesOfAtMost128Characters() {
        assertThat(EnvRecordRules.keyProblem("DATABASE_URL")).isEmpty();
        assertThat(EnvRecordRules.keyProblem("_private")).isEmpty();
        assertThat(EnvRecordRules.keyProblem("K".repeat(128))).isEmpty();
        assertThat(EnvRecordRules.keyProblem("K".repeat(129)))
                .hasValueSatisfying(p -> assertThat(p).contains("128"));
        assertThat(EnvRecordRules.keyProblem("db.password")).isPresent();
        assertThat(EnvRecordRules.keyProblem("1ST")).isPresent();
    }

    @Test
    void oneLimitForTheWholeRecordAndNoneForASingleValue() {
        assertThat(EnvRecordRules.sizeProblem("fn", Map.of("CERT", "c".repeat(100_000))))
                .isEmpty();
        assertThat(EnvRecordRules.sizeProblem("fn", Map.of("CERT", "c".repeat(EnvRecordRules.MAX_RECORD_BYTES))))
                .hasValueSatisfying(p -> assertThat(p).contains("400 KB"));
    }

    @Test
    void recordsAreKeyedByPlainFunctionNamesOnly() {
        assertThatThrownBy(() -> EnvRecord.key("orders:prod")).isInstanceOf(IllegalArgumentException.class);
        assertThat(EnvRecord.key("orders"))
                .containsEntry(
                        EnvRecord.NAME, AttributeValue.builder().s("orders").build());
    }

    @Test
    void theOwnerRoundTripsAndARecordOfOlderToolsHasNone() {
        EnvRecord owned =
                new EnvRecord("fn", Map.of("A", "1"), 2, Instant.EPOCH, "put-env", EnvRecordRules.PUT_ENV_OWNER);
        assertThat(EnvRecord.fromItem(owned.toItem())).isEqualTo(owned);

        EnvRecord older = EnvRecord.fromItem(Map.of(
                EnvRecord.NAME, AttributeValue.builder().s("fn").build(),
                EnvRecord.ENV, AttributeValue.builder().m(Map.of()).build()));
        assertThat(older.version()).isZero();
        assertThat(older.hasOwner()).isFalse();
        assertThat(EnvRecordRules.isOwnedByStack(EnvRecordRules.stackOwner("arn:stack/s/1", "Config"), "arn:stack/s/1"))
                .isTrue();
        assertThat(EnvRecordRules.isOwnedByStack(EnvRecordRules.stackOwner("arn:stack/s/1", "Config"), "arn:stack/s/2"))
                .isFalse();
    }
}

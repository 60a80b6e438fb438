package io.streambot.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsAndContextTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void kinesisEventObjectAndJsonCarryTheSameRecords() throws Exception {
        KinesisEvents events = KinesisEvents.stream("s").record("p1", "one").record("p2", "two");

        KinesisEvent event = events.build();
        JsonNode json = mapper.readTree(events.toJson());

        assertThat(event.getRecords()).hasSize(2);
        assertThat(StandardCharsets.UTF_8
                        .decode(event.getRecords().get(1).getKinesis().getData())
                        .toString())
                .isEqualTo("two");
        assertThat(new String(
                        Base64.getDecoder()
                                .decode(json.at("/Records/0/kinesis/data").asText()),
                        StandardCharsets.UTF_8))
                .isEqualTo("one");
        assertThat(json.at("/Records/0/eventSourceARN").asText()).endsWith(":stream/s");
    }

    @Test
    void dynamoDbStreamEventsTypeTheirAttributes() throws Exception {
        DynamoDbStreamEvents events =
                DynamoDbStreamEvents.table("t").insert(Map.of("id", "k"), Map.of("id", "k", "count", 3, "ok", true));

        JsonNode json = mapper.readTree(events.toJson());

        assertThat(events.build()
                        .getRecords()
                        .get(0)
                        .getDynamodb()
                        .getNewImage()
                        .get("count")
                        .getN())
                .isEqualTo("3");
        assertThat(json.at("/Records/0/dynamodb/NewImage/ok/BOOL").asBoolean()).isTrue();
        assertThat(json.at("/Records/0/eventName").asText()).isEqualTo("INSERT");
    }

    @Test
    void customResourceRequestsCanBeMalformedOnPurpose() throws Exception {
        JsonNode ok = mapper.readTree(CustomResourceRequests.create("Custom::StreambotEnv")
                .property("FunctionName", "fn")
                .property("BatchSize", 10)
                .toJson());
        JsonNode broken = mapper.readTree(CustomResourceRequests.create("Custom::StreambotEnv")
                .without("ResponseURL")
                .field("RequestType", "Explode")
                .toJson());

        assertThat(ok.at("/ResourceProperties/FunctionName").asText()).isEqualTo("fn");
        assertThat(ok.at("/ResourceProperties/BatchSize").asInt()).isEqualTo(10);
        assertThat(broken.has("ResponseURL")).isFalse();
        assertThat(broken.get("RequestType").asText()).isEqualTo("Explode");
    }

    @Test
    void theContextCountsDownToItsDeadline() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        TestContext context = TestContext.builder()
                .functionName("fn")
                .timeout(Duration.ofSeconds(3))
                .clock(clock)
                .build();

        assertThat(context.getRemainingTimeInMillis()).isEqualTo(3000);
        clock.advance(Duration.ofMillis(2500));
        assertThat(context.getRemainingTimeInMillis()).isEqualTo(500);
        clock.advance(Duration.ofSeconds(5));
        assertThat(context.getRemainingTimeInMillis()).isZero();
        assertThat(context.getInvokedFunctionArn()).endsWith(":function:fn");
        context.getLogger().log("hello");
        assertThat(context.getLogger().lines()).containsExactly("hello");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

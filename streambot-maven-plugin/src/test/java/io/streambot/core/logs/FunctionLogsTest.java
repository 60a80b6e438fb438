package io.streambot.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.RecordingEvents;
import io.streambot.core.service.DeployedFunction;
import io.streambot.core.stack.Polling;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LogsWire;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** streambot:logs' reader against CloudWatch Logs scripted on WireMock in its JSON 1.1 wire format. */
@LocalAws
class FunctionLogsTest {
    static final Instant SINCE = Instant.parse("2026-12-01T08:00:00Z");
    static final long T0 = SINCE.toEpochMilli();
    static final DeployedFunction INGEST = new DeployedFunction("Ingest", "svc-Ingest-1");
    static final DeployedFunction ECHO = new DeployedFunction("Echo", "svc-Echo-1");

    final RecordingEvents events = new RecordingEvents();

    static CloudWatchLogsClient client(AwsWireMock wire) {
        return AwsEndpoints.configure(CloudWatchLogsClient.builder(), "logs", wire.endpoint())
                .build();
    }

    FunctionLogs reader(AwsWireMock wire, Polling.Sleeper sleeper) {
        return new FunctionLogs(
                client(wire), events, sleeper, Clock.fixed(SINCE, ZoneOffset.UTC), Duration.ofSeconds(2));
    }

    @Test
    void printsEveryFunctionsLinesInterleavedInTimeOrderPrefixedByItsLogicalId(AwsWireMock wire) {
        wire.server()
                .stubFor(LogsWire.forLogGroup("FilterLogEvents", "/aws/lambda/svc-Ingest-1")
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("nextToken"))
                        .willReturn(LogsWire.ok(LogsWire.filterLogEvents(
                                "page-2",
                                LogsWire.event(
                                        "i1",
                                        T0 + 1000,
                                        "s",
                                        "streambot: config of function 'svc-Ingest-1' loaded (version 3)\n"),
                                LogsWire.event("i2", T0 + 3000, "s", "ingested 3 records\n")))));
        wire.server()
                .stubFor(LogsWire.forLogGroup("FilterLogEvents", "/aws/lambda/svc-Ingest-1")
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("page-2"))
                        .willReturn(LogsWire.ok(LogsWire.filterLogEvents(
                                null,
                                LogsWire.event(
                                        "i3", T0 + 5000, "s", "streambot: refreshing the config failed: throttled")))));
        wire.server()
                .stubFor(LogsWire.forLogGroup("FilterLogEvents", "/aws/lambda/svc-Echo-1")
                        .willReturn(LogsWire.ok(LogsWire.filterLogEvents(
                                null,
                                LogsWire.event("e1", T0 + 2000, "s", "echo a"),
                                LogsWire.event("e2", T0 + 4000, "s", "echo b")))));

        int printed = reader(wire, d -> {}).print(List.of(INGEST, ECHO), SINCE, "?streambot ?echo", false);

        assertThat(printed).isEqualTo(5);
        assertThat(events.lines)
                .containsExactly(
                        "INFO [Ingest] 08:00:01.000 ** streambot: config of function 'svc-Ingest-1' loaded (version 3)",
                        "INFO [Echo]   08:00:02.000 echo a",
                        "INFO [Ingest] 08:00:03.000 ingested 3 records",
                        "INFO [Echo]   08:00:04.000 echo b",
                        "WARN [Ingest] 08:00:05.000 ** streambot: refreshing the config failed: throttled");
        String first =
                LogsWire.requests(wire.server(), "FilterLogEvents").get(0).getBodyAsString();
        assertThat(first).contains("\"startTime\":" + T0).contains("\"filterPattern\":\"?streambot ?echo\"");
    }

    @Test
    void aFunctionWithoutALogGroupYetIsSaidOnceAndTheOthersArePrinted(AwsWireMock wire) {
        wire.server()
                .stubFor(LogsWire.forLogGroup("FilterLogEvents", "/aws/lambda/svc-Ingest-1")
                        .willReturn(LogsWire.error(
                                400, "ResourceNotFoundException", "The specified log group does not exist.")));
        wire.server()
                .stubFor(LogsWire.forLogGroup("FilterLogEvents", "/aws/lambda/svc-Echo-1")
                        .willReturn(LogsWire.ok(LogsWire.filterLogEvents(null, LogsWire.event("e1", T0, "s", "hi")))));

        reader(wire, d -> {}).print(List.of(INGEST, ECHO), SINCE, null, false);

        assertThat(events.lines)
                .containsExactly(
                        "INFO [Ingest] no log group /aws/lambda/svc-Ingest-1 yet: the function has not logged anything"
                                + " since it was created",
                        "INFO [Echo]   08:00:00.000 hi");
        assertThat(LogsWire.requests(wire.server(), "FilterLogEvents").get(0).getBodyAsString())
                .doesNotContain("filterPattern");
    }

    @Test
    void followModePrintsNewLinesOnceAndStopsWhenInterrupted(AwsWireMock wire) {
        String group = "/aws/lambda/svc-Ingest-1";
        wire.server()
                .stubFor(LogsWire.forLogGroup("FilterLogEvents", group)
                        .inScenario("follow")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("second")
                        .willReturn(LogsWire.ok(
                                LogsWire.filterLogEvents(null, LogsWire.event("i1", T0 + 30_000, "s", "first")))));
        wire.server()
                .stubFor(LogsWire.forLogGroup("FilterLogEvents", group)
                        .inScenario("follow")
                        .whenScenarioStateIs("second")
                        .willReturn(LogsWire.ok(LogsWire.filterLogEvents(
                                null,
                                LogsWire.event("i1", T0 + 30_000, "s", "first"),
                                LogsWire.event("i0", T0 + 29_000, "s", "ingested late"),
                                LogsWire.event("i2", T0 + 31_000, "s", "second")))));
        int[] sleeps = {0};
        Polling.Sleeper interruptedOnSecondSleep = d -> {
            if (++sleeps[0] == 2) {
                throw new InterruptedException();
            }
        };

        int printed = reader(wire, interruptedOnSecondSleep).print(List.of(INGEST), SINCE, null, true);

        assertThat(Thread.interrupted())
                .as("the interrupt is kept for the caller")
                .isTrue();
        assertThat(printed).isEqualTo(3);
        assertThat(events.lines)
                .containsExactly(
                        "INFO [Ingest] 08:00:30.000 first",
                        "INFO [Ingest] 08:00:29.000 ingested late",
                        "INFO [Ingest] 08:00:31.000 second");
        List<String> bodies = LogsWire.requests(wire.server(), "FilterLogEvents").stream()
                .map(r -> r.getBodyAsString())
                .toList();
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1))
                .as("looks back 10 s before the newest line seen")
                .contains("\"startTime\":" + (T0 + 20_000));
    }

    @Test
    void sinceTakesAnAgeOrAnIsoTime() {
        Instant now = Instant.parse("2026-12-01T08:00:00Z");
        assertThat(LogsSince.parse("10m", now)).isEqualTo(Instant.parse("2026-12-01T07:50:00Z"));
        assertThat(LogsSince.parse("PT2H", now)).isEqualTo(Instant.parse("2026-12-01T06:00:00Z"));
        assertThat(LogsSince.parse("2026-11-30T06:00:00Z", now)).isEqualTo(Instant.parse("2026-11-30T06:00:00Z"));
        assertThat(LogsSince.parse("2026-11-30T07:00:00+01:00", now)).isEqualTo(Instant.parse("2026-11-30T06:00:00Z"));
        assertThat(LogsSince.parse("2026-11-30T06:00", now)).isEqualTo(Instant.parse("2026-11-30T06:00:00Z"));
        assertThat(LogsSince.parse("2026-11-30", now)).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThatThrownBy(() -> LogsSince.parse("yesterday", now))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("<since> (-Dstreambot.logs.since) = 'yesterday' is neither an age nor an ISO-8601 time:"
                        + " write an age such as 10m, 2h or PT30M, or a time such as 2026-12-01T06:00:00Z");
        assertThatThrownBy(() -> LogsSince.parse("2026-13-40", now)).isInstanceOf(InvalidConfigurationException.class);
    }
}

package io.streambot.core.invoke;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.service.DeployedFunction;
import io.streambot.testkit.AwsWireMock;
import io.streambot.testkit.LocalAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote invoke against Lambda's Invoke scripted on WireMock in its REST/JSON wire format. */
@LocalAws
class RemoteInvokerTest {
    static final String PATH = "/2015-03-31/functions/svc-Ingest-1/invocations";
    static final DeployedFunction INGEST = new DeployedFunction("Ingest", "svc-Ingest-1");
    static final String EVENT = "{\"Records\":[{\"kinesis\":{\"data\":\"aGk=\"}}]}";

    @TempDir
    Path dir;

    static String tail(String... lines) {
        return Base64.getEncoder().encodeToString(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendsTheEventAndReadsTheResultAndTheReportLine(AwsWireMock wire) throws Exception {
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("POST", PATH)
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("X-Amz-Executed-Version", "$LATEST")
                                .withHeader(
                                        "X-Amz-Log-Result",
                                        tail(
                                                "START RequestId: r1 Version: $LATEST",
                                                "streambot: config of function 'svc-Ingest-1' loaded (version 3)",
                                                "END RequestId: r1",
                                                "REPORT RequestId: r1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB"
                                                        + "\tMax Memory Used: 90 MB\tInit Duration: 401.5 ms\t"))
                                .withBody("{\"written\":3}")));
        Path event = Files.writeString(dir.resolve("kinesis.json"), EVENT);

        RemoteInvokeResult result = new RemoteInvoker(wire.lambda()).invoke(INGEST, RemoteInvoker.readEvent(event));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.payload()).isEqualTo("{\"written\":3}");
        assertThat(result.durationMs()).isEqualTo(12.34);
        assertThat(result.billedDurationMs()).isEqualTo(13L);
        assertThat(result.initDurationMs()).isEqualTo(401.5);
        assertThat(result.timing()).isEqualTo("duration 12.34 ms, billed 13 ms, init 401.5 ms (cold start)");
        assertThat(result.logTail()).hasSize(4).element(1).asString().startsWith("streambot: config");
        wire.server()
                .verify(postRequestedFor(urlPathEqualTo(PATH))
                        .withHeader("X-Amz-Log-Type", equalTo("Tail"))
                        .withHeader("X-Amz-Invocation-Type", equalTo("RequestResponse"))
                        .withRequestBody(equalToJson(EVENT)));
    }

    @Test
    void theFunctionsErrorComesBackWithItsMessageAndLogTail(AwsWireMock wire) throws Exception {
        wire.server()
                .stubFor(AwsWireMock.lambdaRequest("POST", PATH)
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("X-Amz-Function-Error", "Unhandled")
                                .withHeader(
                                        "X-Amz-Log-Result",
                                        tail(
                                                "java.lang.IllegalStateException: EventBucket is not set",
                                                "REPORT RequestId: r2\tDuration: 3.0 ms\tBilled Duration: 3 ms\t"))
                                .withBody("{\"errorMessage\":\"EventBucket is not set\","
                                        + "\"errorType\":\"java.lang.IllegalStateException\",\"stackTrace\":[]}")));
        Path event = Files.writeString(dir.resolve("e.json"), EVENT);

        RemoteInvokeResult result = new RemoteInvoker(wire.lambda()).invoke(INGEST, RemoteInvoker.readEvent(event));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.functionError()).isEqualTo("Unhandled");
        assertThat(result.errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(result.errorMessage()).isEqualTo("EventBucket is not set");
        assertThat(result.logTail()).first().isEqualTo("java.lang.IllegalStateException: EventBucket is not set");
        assertThat(result.timing()).isEqualTo("duration 3.0 ms, billed 3 ms");
    }

    @Test
    void lambdaRefusingTheCallIsAnAwsErrorNamingTheFunction(AwsWireMock wire) throws Exception {
        wire.stubLambdaError("POST", PATH, 404, "ResourceNotFoundException", "Function not found: svc-Ingest-1");
        Path event = Files.writeString(dir.resolve("e.json"), EVENT);

        assertThatThrownBy(() -> new RemoteInvoker(wire.lambda()).invoke(INGEST, RemoteInvoker.readEvent(event)))
                .isInstanceOf(AwsCallException.class)
                .hasMessageContaining("could not invoke function Ingest (svc-Ingest-1)")
                .hasMessageContaining("ResourceNotFoundException");
    }

    @Test
    void aMissingOrInvalidEventIsRefusedBeforeAnyCall() throws Exception {
        assertThatThrownBy(() -> RemoteInvoker.readEvent(dir.resolve("nope.json")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(
                        "<event> (-Dstreambot.invoke.event) = '" + dir.resolve("nope.json") + "' is not a file");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"Records\": [");
        assertThatThrownBy(() -> RemoteInvoker.readEvent(broken))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("is not JSON");
    }
}

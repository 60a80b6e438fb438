package io.streambot.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.UUID;

/**
 * CloudWatch Logs' wire format (AWS JSON 1.1): every call is {@code POST /} with the operation in the
 * {@code X-Amz-Target} header ({@code Logs_20140328.FilterLogEvents}) and a JSON body; answers are JSON
 * documents ({@code application/x-amz-json-1.1}), errors a JSON body whose {@code __type} names the
 * error ({@code ResourceNotFoundException}) and {@code message} says why. Script it on the kit's
 * {@link AwsWireMock} server, which CloudFormation and Lambda share (their requests never carry the header).
 */
public final class LogsWire {
    /** The {@code X-Amz-Target} prefix of every CloudWatch Logs operation. */
    public static final String TARGET_PREFIX = "Logs_20140328.";

    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private LogsWire() {}

    /** A request matcher for one operation, e.g. {@code action("FilterLogEvents")}. */
    public static MappingBuilder action(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation));
    }

    /** The same, only for requests about {@code logGroupName}. */
    public static MappingBuilder forLogGroup(String operation, String logGroupName) {
        return action(operation).withRequestBody(matchingJsonPath("$.logGroupName", equalTo(logGroupName)));
    }

    /** A 200 answer with a JSON document. */
    public static ResponseDefinitionBuilder ok(String json) {
        return WireMock.aResponse()
                .withStatus(200)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(json);
    }

    /** An error answer, e.g. {@code error(400, "ResourceNotFoundException", "The specified log group does not exist.")}. */
    public static ResponseDefinitionBuilder error(int status, String type, String message) {
        return WireMock.aResponse()
                .withStatus(status)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + LambdaWire.jsonText(message) + "\"}");
    }

    /** One element of FilterLogEvents' {@code events}. */
    public static String event(String eventId, long timestampMillis, String logStream, String message) {
        return "{\"eventId\":\"" + eventId + "\",\"timestamp\":" + timestampMillis + ",\"ingestionTime\":"
                + (timestampMillis + 200) + ",\"logStreamName\":\"" + LambdaWire.jsonText(logStream)
                + "\",\"message\":\"" + LambdaWire.jsonText(message) + "\"}";
    }

    /** FilterLogEvents' answer: the events, oldest first, and a {@code nextToken} or null. */
    public static String filterLogEvents(String nextToken, String... events) {
        return "{\"events\":[" + String.join(",", events) + "],\"searchedLogStreams\":[]"
                + (nextToken == null ? "" : ",\"nextToken\":\"" + nextToken + "\"") + "}";
    }

    /** The requests of {@code operation} the server received, oldest first. */
    public static List<LoggedRequest> requests(WireMockServer server, String operation) {
        return server.findAll(
                postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation)));
    }
}

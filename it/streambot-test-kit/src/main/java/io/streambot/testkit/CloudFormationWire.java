package io.streambot.testkit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.util.UUID;

/**
 * CloudFormation's wire format (the AWS query protocol): requests arrive as {@code POST /} with a
 * form body naming the {@code Action}; answers are XML documents in the 2010-05-15 namespace, errors
 * an {@code <ErrorResponse>} with {@code Type}, {@code Code} and {@code Message}.
 */
public final class CloudFormationWire {
    public static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    private CloudFormationWire() {}

    /** The body of a successful answer to {@code action}, wrapping {@code resultXml} in its result element. */
    public static String resultBody(String action, String resultXml) {
        return "<" + action + "Response xmlns=\"" + NAMESPACE + "\">\n"
                + "  <" + action + "Result>" + resultXml + "</" + action + "Result>\n"
                + "  <ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>\n"
                + "</" + action + "Response>\n";
    }

    /** The body of an error answer ({@code Sender} fault for 4xx, {@code Receiver} for 5xx). */
    public static String errorBody(int status, String code, String message) {
        String type = status >= 500 ? "Receiver" : "Sender";
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <Error><Type>" + type + "</Type><Code>" + xml(code) + "</Code><Message>" + xml(message)
                + "</Message></Error>\n"
                + "  <RequestId>" + UUID.randomUUID() + "</RequestId>\n"
                + "</ErrorResponse>\n";
    }

    /** A 200 answer to {@code action}. */
    public static ResponseDefinitionBuilder ok(String action, String resultXml) {
        return WireMock.aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(resultBody(action, resultXml));
    }

    /** An error answer, for example {@code error(400, "ValidationError", "Stack with id x does not exist")}. */
    public static ResponseDefinitionBuilder error(int status, String code, String message) {
        return WireMock.aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(errorBody(status, code, message));
    }

    /** Escapes text for an XML element. */
    public static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}

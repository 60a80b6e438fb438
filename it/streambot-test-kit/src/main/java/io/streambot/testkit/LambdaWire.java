package io.streambot.testkit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.util.UUID;

/**
 * The Lambda control plane's wire format (REST with JSON bodies, paths such as
 * {@code /2015-03-31/event-source-mappings/}); errors carry their type in {@code x-amzn-ErrorType}
 * and a JSON body with {@code Type} and {@code message}.
 */
public final class LambdaWire {
    public static final String EVENT_SOURCE_MAPPINGS = "/2015-03-31/event-source-mappings";

    private LambdaWire() {}

    /** A JSON answer with the given status. */
    public static ResponseDefinitionBuilder json(int status, String json) {
        return WireMock.aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(json);
    }

    /**
     * An error answer, for example {@code error(409, "ResourceConflictException", "already exists")}
     * or {@code error(404, "ResourceNotFoundException", "...")}; the SDK maps it to its typed exception.
     */
    public static ResponseDefinitionBuilder error(int status, String errorType, String message) {
        String type = status >= 500 ? "Service" : "User";
        return WireMock.aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", errorType)
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody("{\"Type\":\"" + type + "\",\"message\":\"" + jsonText(message) + "\"}");
    }

    /** Escapes text for a JSON string. */
    public static String jsonText(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

package io.streambot.providers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation custom-resource request. {@link #parse} separates the fields needed to answer
 * ({@link Addressing}) from the rest, so that a request that is wrong in any other way still gets
 * its FAILED answer.
 */
public record CustomResourceRequest(
        Addressing addressing,
        RequestType requestType,
        String resourceType,
        Optional<String> physicalResourceId,
        ResourceProperties properties,
        ResourceProperties oldProperties) {

    public enum RequestType {
        CREATE("Create"),
        UPDATE("Update"),
        DELETE("Delete");

        private final String wireName;

        RequestType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static Optional<RequestType> fromWire(String text) {
            for (RequestType type : values()) {
                if (type.wireName.equals(text)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /** What an answer must echo back, and where it goes. */
    public record Addressing(
            Optional<URI> responseUrl,
            String stackId,
            String requestId,
            String logicalResourceId,
            Optional<String> physicalResourceId) {}

    /** The request cannot be served; the answer, if {@link Addressing#responseUrl()} is known, is FAILED. */
    public static final class MalformedRequestException extends Exception {
        private final transient Addressing addressing;

        MalformedRequestException(Addressing addressing, String message) {
            super(message);
            this.addressing = addressing;
        }

        public Addressing addressing() {
            return addressing;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ADDRESSING_FIELDS = {
        "ResponseURL", "StackId", "RequestId", "LogicalResourceId", "PhysicalResourceId"
    };

    public static CustomResourceRequest parse(byte[] raw) throws MalformedRequestException {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException(salvage(raw), "Malformed request: the event is not valid JSON");
        } catch (java.io.IOException e) {
            throw new MalformedRequestException(salvage(raw), "Malformed request: the event could not be read");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedRequestException(
                    new Addressing(Optional.empty(), "", "", "", Optional.empty()),
                    "Malformed request: the event is not a JSON object");
        }
        Addressing addressing = new Addressing(
                text(root, "ResponseURL").flatMap(CustomResourceRequest::httpUri),
                text(root, "StackId").orElse(""),
                text(root, "RequestId").orElse(""),
                text(root, "LogicalResourceId").orElse(""),
                text(root, "PhysicalResourceId"));
        if (addressing.responseUrl().isEmpty()) {
            throw new MalformedRequestException(
                    addressing, "Malformed request: field 'ResponseURL' is missing or not an http(s) URL");
        }
        for (String field : new String[] {"StackId", "RequestId", "LogicalResourceId"}) {
            if (text(root, field).isEmpty()) {
                throw new MalformedRequestException(addressing, "Malformed request: field '" + field + "' is missing");
            }
        }
        Optional<String> requestTypeText = text(root, "RequestType");
        if (requestTypeText.isEmpty()) {
            throw new MalformedRequestException(addressing, "Malformed request: field 'RequestType' is missing");
        }
        RequestType requestType = RequestType.fromWire(requestTypeText.get())
                .orElseThrow(() -> new MalformedRequestException(
                        addressing, "Malformed request: field 'RequestType' must be Create, Update or Delete"));
        if (requestType != RequestType.CREATE && addressing.physicalResourceId().isEmpty()) {
            throw new MalformedRequestException(
                    addressing,
                    "Malformed request: field 'PhysicalResourceId' is required in a " + requestType.wireName()
                            + " request");
        }
        return new CustomResourceRequest(
                addressing,
                requestType,
                text(root, "ResourceType").orElse(""),
                addressing.physicalResourceId(),
                properties(root, "ResourceProperties", addressing),
                properties(root, "OldResourceProperties", addressing));
    }

    private static ResourceProperties properties(JsonNode root, String field, Addressing addressing)
            throws MalformedRequestException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return new ResourceProperties(null);
        }
        if (!node.isObject()) {
            throw new MalformedRequestException(
                    addressing, "Malformed request: field '" + field + "' is not an object");
        }
        return new ResourceProperties((ObjectNode) node);
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    private static Optional<URI> httpUri(String text) {
        try {
            URI uri = URI.create(text);
            String scheme = uri.getScheme();
            if (uri.getHost() != null && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                return Optional.of(uri);
            }
        } catch (IllegalArgumentException e) {
            // not a URL: no answer can be sent
        }
        return Optional.empty();
    }

    /** For an event that is not JSON: find the answer's fields anyway, so it can still be answered. */
    private static Addressing salvage(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        String[] values = new String[ADDRESSING_FIELDS.length];
        for (int i = 0; i < ADDRESSING_FIELDS.length; i++) {
            Matcher m = Pattern.compile("\"" + ADDRESSING_FIELDS[i] + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                    .matcher(text);
            values[i] = m.find() ? unescape(m.group(1)) : "";
        }
        return new Addressing(
                values[0].isEmpty() ? Optional.empty() : httpUri(values[0]),
                values[1],
                values[2],
                values[3],
                values[4].isEmpty() ? Optional.empty() : Optional.of(values[4]));
    }

    private static String unescape(String jsonStringBody) {
        try {
            return JSON.readValue("\"" + jsonStringBody + "\"", String.class);
        } catch (JsonProcessingException e) {
            return jsonStringBody;
        }
    }
}

package io.streambot.providers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one answer to a custom-resource request. {@link #toJson()} never exceeds
 * {@value #MAX_BODY_BYTES} bytes, CloudFormation's limit: the reason is truncated first, then the
 * data is dropped (and the answer turned FAILED, since CloudFormation would lose the data anyway).
 */
public record CustomResourceResponse(
        boolean success,
        String reason,
        String physicalResourceId,
        CustomResourceRequest.Addressing addressing,
        Map<String, String> data) {
    public static final int MAX_BODY_BYTES = 4096;
    static final String TRUNCATED = " [truncated]";

    private static final ObjectMapper JSON = new ObjectMapper();

    public CustomResourceResponse {
        reason = reason == null ? "" : reason;
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public String status() {
        return success ? "SUCCESS" : "FAILED";
    }

    public byte[] toJson() {
        byte[] body = render(status(), reason, data);
        if (body.length <= MAX_BODY_BYTES) {
            return body;
        }
        // JSON escapes make a character cost more than its UTF-8 bytes: search the longest prefix that fits.
        byte[] best = null;
        int low = 0;
        int high = reason.getBytes(StandardCharsets.UTF_8).length;
        while (low <= high) {
            int keep = (low + high) >>> 1;
            byte[] candidate = render(status(), utf8Prefix(reason, keep) + TRUNCATED, data);
            if (candidate.length <= MAX_BODY_BYTES) {
                best = candidate;
                low = keep + 1;
            } else {
                high = keep - 1;
            }
        }
        if (best != null) {
            return best;
        }
        return render(
                "FAILED",
                "The provider's answer exceeded CloudFormation's " + MAX_BODY_BYTES + "-byte limit; see its log",
                Map.of());
    }

    private byte[] render(String status, String text, Map<String, String> values) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Status", status);
        root.put("Reason", text);
        root.put("PhysicalResourceId", physicalResourceId);
        root.put("StackId", addressing.stackId());
        root.put("RequestId", addressing.requestId());
        root.put("LogicalResourceId", addressing.logicalResourceId());
        root.put("NoEcho", false);
        ObjectNode dataNode = root.putObject("Data");
        new TreeMap<>(values).forEach(dataNode::put);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    /** The longest prefix of {@code text} whose UTF-8 form has at most {@code maxBytes} bytes. */
    static String utf8Prefix(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }
}

package io.streambot.providers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one answer to a custom-resource request. {@link #toJson()} never exceeds
 * {@value #MAX_BODY_BYTES} bytes, CloudFormation's limit, whatever the size of the reason and of the
 * request's ids: the reason is truncated first, then the data is dropped (and the answer turned FAILED,
 * since CloudFormation would lose the data anyway), and last the ids are bounded (an over-long physical
 * id becomes a digest).
 */
public record CustomResourceResponse(
        boolean success,
        String reason,
        String physicalResourceId,
        CustomResourceRequest.Addressing addressing,
        Map<String, String> data) {
    public static final int MAX_BODY_BYTES = 4096;
    static final String TRUNCATED = " [truncated]";
    /** Each of the four ids gets at most this many bytes when nothing else makes the answer fit. */
    static final int MAX_ID_JSON_BYTES = 900;
    /** An over-long physical id is answered as this prefix and the SHA-256 of the id. */
    static final String DIGEST_PREFIX = "streambot:sha256:";

    private static final ObjectMapper JSON = new ObjectMapper();

    public CustomResourceResponse {
        reason = reason == null ? "" : reason;
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public String status() {
        return success ? "SUCCESS" : "FAILED";
    }

    public byte[] toJson() {
        byte[] body = render(status(), reason, physicalResourceId, ids(), data);
        if (body.length <= MAX_BODY_BYTES) {
            return body;
        }
        byte[] truncated = withLongestReason(status(), reason, physicalResourceId, ids(), data);
        if (truncated != null) {
            return truncated;
        }
        String overflow =
                "The provider's answer exceeded CloudFormation's " + MAX_BODY_BYTES + "-byte limit; see its log";
        byte[] withoutData = withLongestReason("FAILED", overflow, physicalResourceId, ids(), Map.of());
        if (withoutData != null) {
            return withoutData;
        }
        // The request's own ids are too long (no CloudFormation request has such ids): bound each of them,
        // replacing an over-long physical id by a digest so that it stays one stable, valid id.
        String[] bounded = ids();
        for (int i = 0; i < bounded.length; i++) {
            bounded[i] = jsonPrefix(bounded[i], MAX_ID_JSON_BYTES);
        }
        String physical = jsonBytes(physicalResourceId) <= MAX_ID_JSON_BYTES
                ? physicalResourceId
                : DIGEST_PREFIX + sha256(physicalResourceId);
        byte[] bound = withLongestReason("FAILED", overflow, physical, bounded, Map.of());
        if (bound == null) {
            throw new IllegalStateException("bounded ids always fit in " + MAX_BODY_BYTES + " bytes");
        }
        return bound;
    }

    /** StackId, RequestId and LogicalResourceId. */
    private String[] ids() {
        return new String[] {addressing.stackId(), addressing.requestId(), addressing.logicalResourceId()};
    }

    /** The answer with the longest prefix of {@code text} as its reason that fits, or null when none fits. */
    private static byte[] withLongestReason(
            String status, String text, String physical, String[] ids, Map<String, String> values) {
        byte[] full = render(status, text, physical, ids, values);
        if (full.length <= MAX_BODY_BYTES) {
            return full;
        }
        // JSON escapes make a character cost more than its UTF-8 bytes: search the longest prefix that fits.
        byte[] best = null;
        int low = 0;
        int high = text.getBytes(StandardCharsets.UTF_8).length;
        while (low <= high) {
            int keep = (low + high) >>> 1;
            byte[] candidate = render(status, utf8Prefix(text, keep) + TRUNCATED, physical, ids, values);
            if (candidate.length <= MAX_BODY_BYTES) {
                best = candidate;
                low = keep + 1;
            } else {
                high = keep - 1;
            }
        }
        return best;
    }

    private static byte[] render(
            String status, String text, String physical, String[] ids, Map<String, String> values) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Status", status);
        root.put("Reason", text);
        root.put("PhysicalResourceId", physical);
        root.put("StackId", ids[0]);
        root.put("RequestId", ids[1]);
        root.put("LogicalResourceId", ids[2]);
        root.put("NoEcho", false);
        ObjectNode dataNode = root.putObject("Data");
        new TreeMap<>(values).forEach(dataNode::put);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    /** The size of {@code text} as a JSON string's content (an upper bound for control characters). */
    static int jsonBytes(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            bytes += jsonSize(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    /** The longest prefix of {@code text} whose JSON-escaped UTF-8 form has at most {@code maxBytes} bytes. */
    static String jsonPrefix(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = jsonSize(cp);
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    private static int jsonSize(int cp) {
        if (cp < 0x20) {
            return 6;
        }
        if (cp == '"' || cp == '\\') {
            return 2;
        }
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
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

package io.streambot.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the CloudFormation custom-resource request a provider function receives, as the JSON document
 * CloudFormation sends. Anything can be left out or set to a wrong type, to test malformed events.
 */
public final class CustomResourceRequests {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode root = MAPPER.createObjectNode();

    private CustomResourceRequests(String requestType, String resourceType) {
        String region = AwsEndpoints.region().id();
        root.put("RequestType", requestType);
        root.put("ServiceToken", "arn:aws:lambda:" + region + ":123456789012:function:streambot-provider");
        root.put("ResponseURL", "http://127.0.0.1:9/unset-response-url");
        root.put(
                "StackId",
                "arn:aws:cloudformation:" + region + ":123456789012:stack/streambot-test/" + UUID.randomUUID());
        root.put("RequestId", UUID.randomUUID().toString());
        root.put("LogicalResourceId", "Resource");
        root.put("ResourceType", resourceType);
        root.putObject("ResourceProperties");
    }

    public static CustomResourceRequests create(String resourceType) {
        return new CustomResourceRequests("Create", resourceType);
    }

    public static CustomResourceRequests update(String resourceType, String physicalResourceId) {
        return new CustomResourceRequests("Update", resourceType).physicalResourceId(physicalResourceId);
    }

    public static CustomResourceRequests delete(String resourceType, String physicalResourceId) {
        return new CustomResourceRequests("Delete", resourceType).physicalResourceId(physicalResourceId);
    }

    public CustomResourceRequests responseUrl(String url) {
        root.put("ResponseURL", url);
        return this;
    }

    public CustomResourceRequests logicalResourceId(String id) {
        root.put("LogicalResourceId", id);
        return this;
    }

    public CustomResourceRequests physicalResourceId(String id) {
        root.put("PhysicalResourceId", id);
        return this;
    }

    /** Sets a resource property; {@code value} may be a String, Number, Boolean, Map or List. */
    public CustomResourceRequests property(String name, Object value) {
        ((ObjectNode) root.get("ResourceProperties")).set(name, MAPPER.valueToTree(value));
        return this;
    }

    public CustomResourceRequests properties(Map<String, ?> properties) {
        properties.forEach(this::property);
        return this;
    }

    /** Sets {@code OldResourceProperties} (sent with an Update). */
    public CustomResourceRequests oldProperties(Map<String, ?> properties) {
        root.set("OldResourceProperties", MAPPER.valueToTree(new LinkedHashMap<>(properties)));
        return this;
    }

    /** Removes a top-level field, e.g. {@code without("ResponseURL")}, to build a malformed request. */
    public CustomResourceRequests without(String field) {
        root.remove(field);
        return this;
    }

    /** Sets any top-level field to any JSON-able value, e.g. an unknown {@code RequestType}. */
    public CustomResourceRequests field(String name, Object value) {
        root.set(name, MAPPER.valueToTree(value));
        return this;
    }

    public String toJson() {
        return root.toString();
    }

    public byte[] toBytes() {
        return toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}

package io.streambot.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed access to a request's {@code ResourceProperties}. CloudFormation hands every scalar to a custom
 * resource as a string ({@code "100"}, {@code "true"}), so numbers and booleans are accepted in either form.
 * Every failure is an {@link InvalidPropertyException} naming the property.
 */
public final class ResourceProperties {
    /** Properties CloudFormation itself defines on every custom resource. */
    public static final Set<String> CLOUDFORMATION_PROPERTIES = Set.of("ServiceToken", "ServiceTimeout");

    private final ObjectNode node;

    public ResourceProperties(ObjectNode node) {
        this.node = node == null ? JsonNodeFactory.instance.objectNode() : node;
    }

    public ObjectNode node() {
        return node;
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    /** The property names in the order CloudFormation sent them. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** Fails on the first property that is neither in {@code known} nor one of CloudFormation's own. */
    public void rejectUnknown(Set<String> known) {
        for (String name : names()) {
            if (!known.contains(name) && !CLOUDFORMATION_PROPERTIES.contains(name)) {
                throw new InvalidPropertyException(
                        name, "not a property of this resource type; known properties: " + new TreeSet<>(known));
            }
        }
    }

    public String requiredString(String name) {
        return optionalString(name).orElseThrow(() -> new InvalidPropertyException(name, "is required"));
    }

    public Optional<String> optionalString(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isValueNode()) {
            throw new InvalidPropertyException(name, "must be a string, not a list or an object");
        }
        String text = value.asText().trim();
        if (text.isEmpty()) {
            throw new InvalidPropertyException(name, "must not be empty");
        }
        return Optional.of(text);
    }

    /** A whole number within {@code [min, max]}, or empty when the property is absent. */
    public Optional<Integer> optionalInt(String name, int min, int max) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        String problem = "must be a whole number from " + min + " to " + max;
        long number;
        if (value.isIntegralNumber()) {
            number = value.asLong();
        } else if (value.isTextual()) {
            try {
                number = Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                throw new InvalidPropertyException(name, problem);
            }
        } else {
            throw new InvalidPropertyException(name, problem);
        }
        if (number < min || number > max) {
            throw new InvalidPropertyException(name, problem);
        }
        return Optional.of((int) number);
    }

    public int intOrDefault(String name, int min, int max, int defaultValue) {
        return optionalInt(name, min, max).orElse(defaultValue);
    }

    /** {@code true}/{@code false} (as JSON booleans or strings, any case), or empty when absent. */
    public Optional<Boolean> optionalBoolean(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (text.equalsIgnoreCase("true")) {
                return Optional.of(true);
            }
            if (text.equalsIgnoreCase("false")) {
                return Optional.of(false);
            }
        }
        throw new InvalidPropertyException(name, "must be true or false");
    }

    /** A JSON object, or empty when absent. */
    public Optional<ObjectNode> optionalObject(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isObject()) {
            throw new InvalidPropertyException(name, "must be an object");
        }
        return Optional.of((ObjectNode) value);
    }

    /** A list of strings (a single string counts as a list of one), or empty when absent. */
    public Optional<List<String>> optionalStringList(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        List<String> items = new ArrayList<>();
        if (value.isTextual()) {
            items.add(value.asText().trim());
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw new InvalidPropertyException(name, "must be a list of strings");
                }
                items.add(item.asText().trim());
            }
        } else {
            throw new InvalidPropertyException(name, "must be a list of strings");
        }
        return Optional.of(items);
    }
}

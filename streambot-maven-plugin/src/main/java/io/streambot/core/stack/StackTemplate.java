package io.streambot.core.stack;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streambot.core.InvalidConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A CloudFormation template as the user wrote it: the original text (sent to CloudFormation as is)
 * and what streambot reads from it, its declared parameters and resources. YAML short-form intrinsics
 * ({@code !Ref}, {@code !GetAtt}, {@code !Sub}) are read leniently: the tag is dropped, the value kept,
 * which is all the validation and capability detection need.
 */
public final class StackTemplate {
    /** CloudFormation's limit for a template passed inline ({@code TemplateBody}). */
    public static final int INLINE_LIMIT_BYTES = 51_200;
    /** CloudFormation's limit for a template passed by URL. */
    public static final int URL_LIMIT_BYTES = 1_048_576;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** YAML's own tags ({@code !!str}) are not CloudFormation intrinsics. */
    private static final String YAML_CORE_TAG_PREFIX = "tag:yaml.org,2002:";

    /** A parameter the template declares. */
    public record Parameter(String name, boolean hasDefault, boolean noEcho) {}

    /** A resource the template declares. */
    public record Resource(String logicalId, String type, JsonNode properties) {}

    private final String name;
    private final String body;
    private final boolean json;
    private final JsonNode tree;
    private final Map<String, Parameter> parameters;
    private final Map<String, Resource> resources;
    /** JSON pointers of the YAML scalars written with a short-form intrinsic ({@code !Ref X}). */
    private final Set<String> taggedScalars;

    private StackTemplate(String name, String body, boolean json, JsonNode tree, Set<String> taggedScalars) {
        this.name = name;
        this.body = body;
        this.json = json;
        this.tree = tree;
        this.taggedScalars = taggedScalars;
        this.parameters = readParameters(name, tree);
        this.resources = readResources(name, tree);
    }

    /**
     * Parses a template's text, JSON when it starts with '{', YAML otherwise.
     *
     * @param name where it came from, for messages (a path, a classpath resource)
     * @throws InvalidConfigurationException naming {@code <template>} when it is not a template
     */
    public static StackTemplate parse(String name, String body) {
        boolean json = body.stripLeading().startsWith("{");
        JsonNode tree;
        try {
            tree = (json ? JSON : YAML).readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid(name, "is not valid " + (json ? "JSON" : "YAML") + " (" + e.getOriginalMessage() + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw invalid(name, "is not a CloudFormation template (no top-level mapping)");
        }
        return new StackTemplate(name, body, json, tree, json ? Set.of() : taggedScalars(name, body));
    }

    public String name() {
        return name;
    }

    /** The original text, as CloudFormation receives it. */
    public String body() {
        return body;
    }

    public boolean isJson() {
        return json;
    }

    public int sizeInBytes() {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }

    public JsonNode tree() {
        return tree;
    }

    /** Declared parameters, in template order. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Declared resources, in template order. */
    public Map<String, Resource> resources() {
        return resources;
    }

    /**
     * The text at {@code path} (field names from the template's root, such as {@code "Resources", "Fn",
     * "Properties", "Handler"}) when it is a plain string; null when it is absent, not a string, an
     * intrinsic function ({@code {"Ref": ..}}, {@code {"Fn::Sub": ..}}) or a YAML short-form one
     * ({@code !Ref}, {@code !Sub}), whose value only CloudFormation knows.
     */
    public String plainString(String... path) {
        JsonNode node = tree;
        StringBuilder pointer = new StringBuilder();
        for (String field : path) {
            node = node.path(field);
            pointer.append('/').append(field.replace("~", "~0").replace("/", "~1"));
        }
        if (!node.isTextual() || taggedScalars.contains(pointer.toString())) {
            return null;
        }
        return node.asText();
    }

    public boolean hasTransform() {
        return tree.has("Transform");
    }

    /** The top-level {@code Transform} value(s) as text, empty when there is none. */
    public String transform() {
        JsonNode t = tree.get("Transform");
        return t == null ? "" : t.isTextual() ? t.asText() : t.toString();
    }

    /**
     * Whether {@code deployedBody} (what GetTemplate returns) is this template: the same text, or
     * for JSON the same document (CloudFormation may re-serialize JSON). YAML is compared as text
     * because its lenient reading drops the short-form tags.
     */
    public boolean sameAs(String deployedBody) {
        if (deployedBody == null) {
            return false;
        }
        if (deployedBody.strip().equals(body.strip())) {
            return true;
        }
        if (!json || !deployedBody.stripLeading().startsWith("{")) {
            return false;
        }
        try {
            return JSON.readTree(deployedBody).equals(tree);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static Set<String> taggedScalars(String name, String body) {
        Set<String> tagged = new HashSet<>();
        try (JsonParser parser = YAML.getFactory().createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isScalarValue()
                        && parser.getTypeId() instanceof String tag
                        && !tag.startsWith(YAML_CORE_TAG_PREFIX)) {
                    tagged.add(parser.getParsingContext().pathAsPointer().toString());
                }
            }
        } catch (IOException e) {
            throw invalid(name, "is not valid YAML (" + e.getMessage() + ")");
        }
        return Set.copyOf(tagged);
    }

    private static Map<String, Parameter> readParameters(String name, JsonNode tree) {
        JsonNode node = tree.get("Parameters");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw invalid(name, "has a Parameters section that is not a mapping");
        }
        Map<String, Parameter> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = e.getValue();
            boolean hasDefault = p != null && p.has("Default");
            boolean noEcho = p != null && p.path("NoEcho").asText("false").equalsIgnoreCase("true");
            result.put(e.getKey(), new Parameter(e.getKey(), hasDefault, noEcho));
        }
        return Collections.unmodifiableMap(result);
    }

    private static Map<String, Resource> readResources(String name, JsonNode tree) {
        JsonNode node = tree.get("Resources");
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw invalid(name, "declares no Resources (CloudFormation requires at least one)");
        }
        Map<String, Resource> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode type = e.getValue().get("Type");
            if (type == null || !type.isTextual()) {
                throw invalid(name, "has resource " + e.getKey() + " without a Type");
            }
            result.put(
                    e.getKey(),
                    new Resource(e.getKey(), type.asText(), e.getValue().path("Properties")));
        }
        return Collections.unmodifiableMap(result);
    }

    private static InvalidConfigurationException invalid(String name, String problem) {
        return new InvalidConfigurationException(
                "<template>",
                "streambot.template",
                name,
                problem,
                "fix the template (`aws cloudformation validate-template --template-body file://" + name
                        + "` shows CloudFormation's view)");
    }
}

package io.streambot.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A service's CloudFormation template (JSON) with the checks every streambot service template must
 * pass: nothing hard-codes a region, an account or a partition; each function reads only its own
 * config record; resources that feed a function wait for its configuration. Failed checks throw
 * {@link AssertionError} naming the resource and what is wrong.
 */
public final class ServiceTemplate {
    private static final Pattern HARD_CODED = Pattern.compile(
            "arn:aws(-[a-z]+)?:|\\b[a-z]{2}(-gov)?-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\\d\\b|\\b\\d{12}\\b");

    private final Path file;
    private final JsonNode root;

    private ServiceTemplate(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads the template at {@code file}. */
    public static ServiceTemplate load(Path file) {
        try {
            return new ServiceTemplate(file, new ObjectMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }

    /** The resource {@code logicalId}. */
    public JsonNode resource(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError(file + " has no resource " + logicalId);
        }
        return resource;
    }

    /** The logical ids of the resources of {@code type}, e.g. {@code AWS::Lambda::Function}. */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        root.path("Resources").fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /** The {@code Handler} of the function {@code logicalId}. */
    public String handler(String functionLogicalId) {
        return resource(functionLogicalId).path("Properties").path("Handler").asText();
    }

    /** No string in the template names a fixed region, partition or account id. */
    public ServiceTemplate assertNoHardCodedRegionPartitionOrAccount() {
        List<String> found = new ArrayList<>();
        strings(root, "", found);
        if (!found.isEmpty()) {
            throw new AssertionError(file + " hard-codes a region, partition or account (use AWS::Region,"
                    + " AWS::Partition, AWS::AccountId): " + found);
        }
        return this;
    }

    /**
     * The role {@code roleLogicalId} may call {@code dynamodb:GetItem} only with a
     * {@code dynamodb:LeadingKeys} condition (its own record) and no other DynamoDB action on the
     * config table.
     */
    public ServiceTemplate assertReadsOnlyItsOwnConfigRecord(String roleLogicalId) {
        boolean getItem = false;
        for (JsonNode statement : statements(roleLogicalId)) {
            List<String> actions = strings(statement.path("Action"));
            String resource = statement.path("Resource").toString();
            if (actions.stream().anyMatch(a -> a.equals("*") || a.equals("dynamodb:*"))) {
                throw new AssertionError(roleLogicalId + " allows every DynamoDB action: " + statement);
            }
            if (resource.contains("ConfigTableName")) {
                if (!actions.equals(List.of("dynamodb:GetItem"))) {
                    throw new AssertionError(
                            roleLogicalId + " allows more than dynamodb:GetItem on the config table: " + statement);
                }
                JsonNode leadingKeys = statement
                        .path("Condition")
                        .path("ForAllValues:StringEquals")
                        .path("dynamodb:LeadingKeys");
                if (leadingKeys.isMissingNode()) {
                    throw new AssertionError(roleLogicalId
                            + " reads the config table without a dynamodb:LeadingKeys condition: " + statement);
                }
                getItem = true;
            }
        }
        if (!getItem) {
            throw new AssertionError(roleLogicalId + " has no dynamodb:GetItem statement on ${ConfigTableName}");
        }
        return this;
    }

    /** The resource {@code logicalId} declares {@code DependsOn} {@code dependency}. */
    public ServiceTemplate assertDependsOn(String logicalId, String dependency) {
        JsonNode dependsOn = resource(logicalId).path("DependsOn");
        if (!strings(dependsOn).contains(dependency)) {
            throw new AssertionError(logicalId + " does not depend on " + dependency + ": DependsOn = " + dependsOn);
        }
        return this;
    }

    private List<JsonNode> statements(String roleLogicalId) {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : resource(roleLogicalId).path("Properties").path("Policies")) {
            policy.path("PolicyDocument").path("Statement").forEach(statements::add);
        }
        return statements;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        }
        return values;
    }

    private static void strings(JsonNode node, String path, List<String> found) {
        if (node.isTextual()) {
            if (HARD_CODED.matcher(node.asText()).find()) {
                found.add(path + " = " + node.asText());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                strings(node.get(i), path + "[" + i + "]", found);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                strings(e.getValue(), path + "/" + e.getKey(), found);
            }
        }
    }
}

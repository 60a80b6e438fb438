package io.streambot.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A CloudFormation template read with Jackson, with the look-ups and checks the template tests share. */
final class TemplateDocument {
    private static final Set<String> PSEUDO_PARAMETERS = Set.of(
            "AWS::AccountId",
            "AWS::NoValue",
            "AWS::Partition",
            "AWS::Region",
            "AWS::StackName",
            "AWS::StackId",
            "AWS::URLSuffix");
    private static final Pattern REGION = Pattern.compile("\\b[a-z]{2}-(gov-)?[a-z]+-\\d\\b");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final JsonNode root;

    private TemplateDocument(JsonNode root) {
        this.root = root;
    }

    static TemplateDocument parse(String json) {
        try {
            return new TemplateDocument(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    JsonNode resource(String logicalId) {
        JsonNode node = root.at("/Resources/" + logicalId);
        assertThat(node.isMissingNode()).as("resource %s", logicalId).isFalse();
        return node;
    }

    List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        root.get("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().get("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /** The statements of a role's inline policies. */
    List<JsonNode> statements(String roleId) {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : resource(roleId).at("/Properties/Policies")) {
            policy.at("/PolicyDocument/Statement").forEach(statements::add);
        }
        return statements;
    }

    static List<String> actions(JsonNode statement) {
        JsonNode action = statement.get("Action");
        List<String> actions = new ArrayList<>();
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }

    /** No role allows a wildcard action, uses NotAction/NotResource, or denies (which would hide an allow). */
    void assertNoWildcardActions() {
        for (String role : resourcesOfType("AWS::IAM::Role")) {
            assertThat(statements(role)).as(role).isNotEmpty();
            for (JsonNode statement : statements(role)) {
                assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
                assertThat(statement.has("NotAction")).isFalse();
                assertThat(statement.has("NotResource")).isFalse();
                assertThat(actions(statement)).as(role).noneMatch(a -> a.contains("*"));
            }
        }
    }

    /** No literal region or {@code aws} partition: the template deploys in any region and partition. */
    void assertNoRegionOrPartition() {
        List<String> strings = new ArrayList<>();
        collectStrings(root, strings);
        for (String text : strings) {
            assertThat(text).doesNotContain("arn:aws:").doesNotContain("amazonaws.com/");
            assertThat(REGION.matcher(text).find()).as("region in %s", text).isFalse();
        }
    }

    /** Every Ref, Fn::GetAtt, Fn::Sub variable and condition names something the template declares. */
    void assertReferencesResolve() {
        Set<String> names = new HashSet<>(PSEUDO_PARAMETERS);
        if (root.has("Parameters")) {
            root.get("Parameters").fieldNames().forEachRemaining(names::add);
        }
        root.get("Resources").fieldNames().forEachRemaining(names::add);
        Set<String> conditions = new HashSet<>();
        if (root.has("Conditions")) {
            root.get("Conditions").fieldNames().forEachRemaining(conditions::add);
        }
        checkReferences(root, names, conditions);
    }

    private void checkReferences(JsonNode node, Set<String> names, Set<String> conditions) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (e.getKey()) {
                    case "Ref" -> assertThat(names).contains(e.getValue().asText());
                    case "Fn::GetAtt" ->
                        assertThat(root.at("/Resources").has(e.getValue().get(0).asText()))
                                .as("GetAtt %s", e.getValue())
                                .isTrue();
                    case "Fn::Sub" -> {
                        Matcher m = SUB_VARIABLE.matcher(e.getValue().asText());
                        while (m.find()) {
                            assertThat(names).contains(m.group(1).split("\\.")[0]);
                        }
                    }
                    case "Fn::If" ->
                        assertThat(conditions).contains(e.getValue().get(0).asText());
                    case "DependsOn" -> assertThat(names).contains(e.getValue().asText());
                    // A resource's Condition names one; an IAM statement's Condition is an object.
                    case "Condition" -> {
                        if (e.getValue().isTextual()) {
                            assertThat(conditions).contains(e.getValue().asText());
                        }
                    }
                    default -> {}
                }
                checkReferences(e.getValue(), names, conditions);
            }
        } else if (node.isArray()) {
            node.forEach(child -> checkReferences(child, names, conditions));
        }
    }

    private static void collectStrings(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.forEach(child -> collectStrings(child, out));
    }
}

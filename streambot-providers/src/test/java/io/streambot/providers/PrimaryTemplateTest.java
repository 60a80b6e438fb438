package io.streambot.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambot.runtime.EnvRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the shipped primary template and checks its structure and the least-privilege rules. */
class PrimaryTemplateTest {
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

    private static JsonNode template;
    private static JsonNode resources;

    @BeforeAll
    static void read() throws Exception {
        template = new ObjectMapper().readTree(PrimaryTemplate.body());
        resources = template.get("Resources");
    }

    private static JsonNode resource(String logicalId) {
        JsonNode node = resources.get(logicalId);
        assertThat(node).as("resource %s", logicalId).isNotNull();
        return node;
    }

    private static List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().get("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    private static List<JsonNode> statements(String roleId) {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : resource(roleId).at("/Properties/Policies")) {
            policy.at("/PolicyDocument/Statement").forEach(statements::add);
        }
        return statements;
    }

    private static List<String> actions(JsonNode statement) {
        JsonNode action = statement.get("Action");
        List<String> actions = new ArrayList<>();
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }

    @Test
    void theTemplateDeclaresTheDocumentedParametersAndOutputs() {
        assertThat(template.get("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
        JsonNode parameters = template.get("Parameters");
        assertThat(parameters.get(PrimaryTemplate.TABLE_NAME).get("Default").asText())
                .isEqualTo(EnvRecord.DEFAULT_TABLE);
        assertThat(parameters.has(PrimaryTemplate.CODE_BUCKET)).isTrue();
        assertThat(parameters.has(PrimaryTemplate.CODE_KEY)).isTrue();
        assertThat(parameters.get(PrimaryTemplate.CODE_VERSION).get("Default").asText())
                .isEmpty();
        for (String output : List.of(
                PrimaryTemplate.ENV_FUNCTION_ARN,
                PrimaryTemplate.CONNECTOR_FUNCTION_ARN,
                PrimaryTemplate.CONFIG_TABLE_NAME,
                PrimaryTemplate.CONFIG_TABLE_ARN)) {
            JsonNode node = template.at("/Outputs/" + output);
            assertThat(node.isMissingNode()).as(output).isFalse();
            assertThat(node.at("/Export/Name/Fn::Sub").asText()).isEqualTo("${AWS::StackName}-" + output);
        }
        assertThat(template.at("/Outputs/ConfigTableName/Value/Ref").asText()).isEqualTo("ConfigTable");
        assertThat(template.at("/Outputs/StreambotEnvFunctionArn/Value/Fn::GetAtt/0")
                        .asText())
                .isEqualTo("EnvProviderFunction");
        assertThat(template.at("/Outputs/StreambotConnectorFunctionArn/Value/Fn::GetAtt/0")
                        .asText())
                .isEqualTo("ConnectorProviderFunction");
    }

    @Test
    void theConfigTableIsOnDemandEncryptedRecoverableProtectedAndRetained() {
        JsonNode table = resource("ConfigTable");
        assertThat(table.get("Type").asText()).isEqualTo("AWS::DynamoDB::Table");
        assertThat(table.get("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(table.get("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        JsonNode p = table.get("Properties");
        assertThat(p.get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(p.at("/SSESpecification/SSEEnabled").asBoolean()).isTrue();
        assertThat(p.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled")
                        .asBoolean())
                .isTrue();
        assertThat(p.get("DeletionProtectionEnabled").asBoolean()).isTrue();
        assertThat(p.at("/KeySchema/0/AttributeName").asText()).isEqualTo(EnvRecord.NAME);
        assertThat(p.at("/KeySchema/0/KeyType").asText()).isEqualTo("HASH");
        assertThat(p.at("/AttributeDefinitions/0/AttributeType").asText()).isEqualTo("S");
        assertThat(p.at("/TableName/Ref").asText()).isEqualTo(PrimaryTemplate.TABLE_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EnvProviderFunction", "ConnectorProviderFunction"})
    void eachProviderIsAJava21Arm64FunctionWhoseHandlerExistsAndLogsToARetainedGroup(String id) throws Exception {
        JsonNode p = resource(id).get("Properties");
        assertThat(p.get("Runtime").asText()).isEqualTo("java21");
        assertThat(p.get("Architectures").toString()).isEqualTo("[\"arm64\"]");
        String handler = p.get("Handler").asText();
        assertThat(handler).endsWith("::handleRequest");
        Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
        assertThat(RequestStreamHandler.class).isAssignableFrom(type);
        assertThat(type.getConstructor().newInstance()).isNotNull();
        assertThat(p.at("/Code/S3Bucket/Ref").asText()).isEqualTo(PrimaryTemplate.CODE_BUCKET);
        assertThat(p.at("/Code/S3Key/Ref").asText()).isEqualTo(PrimaryTemplate.CODE_KEY);
        assertThat(p.at("/Code/S3ObjectVersion/Fn::If/0").asText()).isEqualTo("HasCodeVersion");
        assertThat(p.get("Timeout").asInt()).isBetween(30, 900);
        String logGroup = p.at("/LoggingConfig/LogGroup/Ref").asText();
        assertThat(resource(logGroup).get("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
        assertThat(resource(logGroup).at("/Properties/RetentionInDays").isMissingNode())
                .isFalse();
        String role = p.at("/Role/Fn::GetAtt/0").asText();
        for (JsonNode statement : statements(role)) {
            if (actions(statement).stream().anyMatch(a -> a.startsWith("logs:"))) {
                assertThat(statement.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo(logGroup);
            }
        }
    }

    @Test
    void theEnvProviderReadsItsTableFromTheRuntimesVariable() {
        JsonNode variables = resource("EnvProviderFunction").at("/Properties/Environment/Variables");
        assertThat(variables.at("/" + EnvRecord.TABLE_ENV_VARIABLE + "/Ref").asText())
                .isEqualTo("ConfigTable");
    }

    @Test
    void noStatementAllowsAWildcardActionOrUsesNotActionOrDeny() {
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

    @Test
    void theEnvProviderMayOnlyReadWriteAndDeleteItemsOfTheConfigTable() {
        Set<String> dynamoDbActions = new HashSet<>();
        for (JsonNode statement : statements("EnvProviderRole")) {
            List<String> actions = actions(statement);
            assertThat(actions).allMatch(a -> a.startsWith("dynamodb:") || a.startsWith("logs:"));
            if (actions.get(0).startsWith("dynamodb:")) {
                dynamoDbActions.addAll(actions);
                assertThat(statement.get("Resource").toString())
                        .isEqualTo("{\"Fn::GetAtt\":[\"ConfigTable\",\"Arn\"]}");
            }
        }
        assertThat(dynamoDbActions)
                .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem");
    }

    @Test
    void theConnectorProviderMayOnlyManageEventSourceMappings() {
        Set<String> allowed = Set.of(
                "lambda:CreateEventSourceMapping",
                "lambda:ListEventSourceMappings",
                "lambda:GetEventSourceMapping",
                "lambda:UpdateEventSourceMapping",
                "lambda:DeleteEventSourceMapping",
                "logs:CreateLogStream",
                "logs:PutLogEvents");
        Set<String> granted = new HashSet<>();
        for (JsonNode statement : statements("ConnectorProviderRole")) {
            List<String> actions = actions(statement);
            granted.addAll(actions);
            if (statement.get("Resource").asText().equals("*")) {
                // Only the actions without resource-level permissions, and creation only for this account.
                assertThat(actions).isSubsetOf("lambda:CreateEventSourceMapping", "lambda:ListEventSourceMappings");
                if (actions.contains("lambda:CreateEventSourceMapping")) {
                    assertThat(statement
                                    .at("/Condition/ArnLike/lambda:FunctionArn/Fn::Sub")
                                    .asText())
                            .contains("${AWS::AccountId}");
                }
            }
        }
        assertThat(granted).isEqualTo(allowed);
    }

    @Test
    void nothingNamesARegionOrPartitionSoTheStackDeploysAnywhere() {
        List<String> strings = new ArrayList<>();
        collectStrings(template, strings);
        for (String text : strings) {
            assertThat(text).doesNotContain("arn:aws:").doesNotContain("amazonaws.com/");
            Matcher region = REGION.matcher(text);
            assertThat(region.find()).as("region in %s", text).isFalse();
        }
    }

    @Test
    void everyReferenceResolves() {
        Set<String> names = new HashSet<>(PSEUDO_PARAMETERS);
        template.get("Parameters").fieldNames().forEachRemaining(names::add);
        resources.fieldNames().forEachRemaining(names::add);
        Set<String> conditions = new HashSet<>();
        template.get("Conditions").fieldNames().forEachRemaining(conditions::add);
        checkReferences(template, names, conditions);
    }

    private static void checkReferences(JsonNode node, Set<String> names, Set<String> conditions) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (e.getKey()) {
                    case "Ref" -> assertThat(names).contains(e.getValue().asText());
                    case "Fn::GetAtt" ->
                        assertThat(resources.has(e.getValue().get(0).asText()))
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

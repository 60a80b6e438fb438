package io.streambot.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.streambot.runtime.EnvRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the shipped primary template and checks its structure and the least-privilege rules. */
class PrimaryTemplateTest {
    private static TemplateDocument document;
    private static JsonNode template;

    @BeforeAll
    static void read() {
        document = TemplateDocument.parse(PrimaryTemplate.body());
        template = document.root();
    }

    private static JsonNode resource(String logicalId) {
        return document.resource(logicalId);
    }

    private static List<JsonNode> statements(String roleId) {
        return document.statements(roleId);
    }

    private static List<String> actions(JsonNode statement) {
        return TemplateDocument.actions(statement);
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
        document.assertNoWildcardActions();
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
                // The mappings' streambot:* tags: what it created, and what it may adopt.
                "lambda:ListTags",
                "lambda:TagResource",
                "lambda:UntagResource",
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
        document.assertNoRegionOrPartition();
    }

    @Test
    void everyReferenceResolves() {
        document.assertReferencesResolve();
    }
}

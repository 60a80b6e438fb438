package io.streambot.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The example service template of the README: least privilege, and wired to the primary stack's outputs. */
class ServiceTemplateExampleTest {
    private static TemplateDocument example;
    private static TemplateDocument primary;

    @BeforeAll
    static void read() throws Exception {
        example = TemplateDocument.parse(Files.readString(Path.of("examples/service.template.json")));
        primary = TemplateDocument.parse(PrimaryTemplate.body());
    }

    @Test
    void itIsLeastPrivilegeRegionFreeAndConsistent() {
        example.assertNoWildcardActions();
        example.assertNoRegionOrPartition();
        example.assertReferencesResolve();
    }

    @ParameterizedTest
    @CsvSource({
        "Config, Custom::StreambotEnv, StreambotEnvFunctionArn, EnvProviderFunction",
        "Connector, Custom::StreambotConnector, StreambotConnectorFunctionArn, ConnectorProviderFunction"
    })
    void eachCustomResourceImportsItsProviderAndWaitsLongerThanTheProviderRuns(
            String logicalId, String type, String output, String providerFunction) {
        JsonNode resource = example.resource(logicalId);
        assertThat(resource.get("Type").asText()).isEqualTo(type);
        assertThat(resource.at("/Properties/ServiceToken/Fn::ImportValue/Fn::Sub")
                        .asText())
                .isEqualTo("${StreambotStack}-" + output);
        assertThat(primary.root()
                        .at("/Outputs/" + output + "/Export/Name/Fn::Sub")
                        .asText())
                .isEqualTo("${AWS::StackName}-" + output);
        int serviceTimeout = resource.at("/Properties/ServiceTimeout").asInt();
        int providerTimeout =
                primary.resource(providerFunction).at("/Properties/Timeout").asInt();
        assertThat(serviceTimeout).isGreaterThan(providerTimeout).isLessThanOrEqualTo(3600);
    }

    @Test
    void theConnectorWaitsForTheConfig() {
        assertThat(example.resource("Connector").get("DependsOn").asText()).isEqualTo("Config");
    }

    @Test
    void theFunctionMayReadOnlyItsOwnConfigRecord() {
        String functionName = example.resource("Function")
                .at("/Properties/FunctionName/Fn::Sub")
                .asText();
        List<JsonNode> dynamoDb = example.statements("FunctionRole").stream()
                .filter(s -> TemplateDocument.actions(s).stream().anyMatch(a -> a.startsWith("dynamodb:")))
                .toList();

        assertThat(dynamoDb).hasSize(1);
        JsonNode statement = dynamoDb.get(0);
        assertThat(TemplateDocument.actions(statement)).containsExactly("dynamodb:GetItem");
        assertThat(statement.at("/Resource/Fn::ImportValue/Fn::Sub").asText())
                .isEqualTo("${StreambotStack}-" + PrimaryTemplate.CONFIG_TABLE_ARN);
        assertThat(statement
                        .at("/Condition/ForAllValues:StringEquals/dynamodb:LeadingKeys/0/Fn::Sub")
                        .asText())
                .isEqualTo(functionName);
    }
}

package io.streambot.examples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.testkit.ServiceTemplate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private final ServiceTemplate template = ServiceTemplate.load(Path.of("src/main/cloudformation/template.json"));

    @Test
    void theRoleIsLeastPrivilegeAndNothingNamesARegionPartitionOrAccount() {
        template.assertNoHardCodedRegionPartitionOrAccount().assertReadsOnlyItsOwnConfigRecord("Role");
    }

    @Test
    void aNativeEventSourceMappingConnectsTheTablesNewImageStreamToTheFunction() {
        assertThat(template.resourcesOfType("AWS::Lambda::EventSourceMapping")).containsExactly("DataTableStream");
        var mapping = template.resource("DataTableStream").path("Properties");
        assertThat(mapping.path("EventSourceArn").toString())
                .contains("DataTable")
                .contains("StreamArn");
        assertThat(mapping.path("FunctionName").path("Ref").asText()).isEqualTo("Function");
        assertThat(template.resource("DataTable")
                        .path("Properties")
                        .path("StreamSpecification")
                        .path("StreamViewType")
                        .asText())
                .isEqualTo("NEW_IMAGE");
        assertThat(template.resourcesOfType("Custom::StreambotConnector")).isEmpty();
    }

    @Test
    void theFunctionsHandlerIsThisModulesHandler() throws Exception {
        assertThat(template.handler("Function")).isEqualTo(DynamoDbStreamEcho.class.getName() + "::handleRequest");
    }
}

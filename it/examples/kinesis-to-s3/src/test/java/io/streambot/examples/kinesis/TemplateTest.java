package io.streambot.examples.kinesis;

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
    void eventsNeverArriveBeforeTheConfiguration() {
        assertThat(template.resourcesOfType("Custom::StreambotConnector")).containsExactly("Connector");
        assertThat(template.resourcesOfType("Custom::StreambotEnv")).containsExactly("Config");
        template.assertDependsOn("Connector", "Config");
    }

    @Test
    void theFunctionsHandlerIsThisModulesHandler() throws Exception {
        String handler = template.handler("Function");
        assertThat(handler).isEqualTo(KinesisToS3.class.getName() + "::handleRequest");
        assertThat(Class.forName(handler.substring(0, handler.indexOf("::")))
                        .getMethod(
                                "handleRequest",
                                com.amazonaws.services.lambda.runtime.events.KinesisEvent.class,
                                com.amazonaws.services.lambda.runtime.Context.class))
                .isNotNull();
    }
}

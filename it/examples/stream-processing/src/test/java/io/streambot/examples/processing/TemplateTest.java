package io.streambot.examples.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.testkit.ServiceTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private final ServiceTemplate template = ServiceTemplate.load(Path.of("src/main/cloudformation/template.json"));

    @Test
    void theRoleIsLeastPrivilegeAndNothingNamesARegionPartitionOrAccount() {
        template.assertNoHardCodedRegionPartitionOrAccount().assertReadsOnlyItsOwnConfigRecord("EventProcessorRole");
    }

    @Test
    void theEventTableNameReachesTheFunctionThroughItsConfigurationBeforeAnyEvent() {
        var config = template.resource("EventDataTableConfig");
        assertThat(config.path("Type").asText()).isEqualTo("Custom::StreambotEnv");
        assertThat(config.path("Properties")
                        .path(EventProcessor.TABLE_KEY)
                        .path("Ref")
                        .asText())
                .isEqualTo("EventDataTable");
        template.assertDependsOn("EventProcessorSourceMapping", "EventDataTableConfig");
    }

    @Test
    void theFunctionsHandlerIsThisModulesHandler() {
        assertThat(template.handler("EventProcessorFunction"))
                .isEqualTo(EventProcessor.class.getName() + "::handleRequest");
    }

    @Test
    void theFunctionRunsOnArm64AsThePomBundlesIt() throws IOException {
        // streambot:bundle and deploy-stack fail when these two differ; this example is the arm64 one.
        assertThat(template.resource("EventProcessorFunction")
                        .path("Properties")
                        .path("Architectures")
                        .toString())
                .isEqualTo("[\"arm64\"]");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<architecture>arm64</architecture>");
    }
}

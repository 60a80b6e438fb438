package io.streambot.examples.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.examples.replay.FailedBatchReplay;
import io.streambot.testkit.ServiceTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private final ServiceTemplate template = ServiceTemplate.load(Path.of("src/main/cloudformation/template.json"));

    @Test
    void eachRoleIsLeastPrivilegeAndNothingNamesARegionPartitionOrAccount() {
        template.assertNoHardCodedRegionPartitionOrAccount()
                .assertReadsOnlyItsOwnConfigRecord("EventProcessorRole")
                .assertReadsOnlyItsOwnConfigRecord("ReplayRole");
    }

    @Test
    void theEventTableNameReachesBothFunctionsThroughTheirConfigurationBeforeAnyEvent() {
        for (String config : new String[] {"EventDataTableConfig", "ReplayConfig"}) {
            var resource = template.resource(config);
            assertThat(resource.path("Type").asText()).isEqualTo("Custom::StreambotEnv");
            assertThat(resource.path("Properties")
                            .path("EventTable")
                            .path("Ref")
                            .asText())
                    .isEqualTo("EventDataTable");
        }
        template.assertDependsOn("EventProcessorSourceMapping", "EventDataTableConfig");
        template.assertDependsOn("ReplaySourceMapping", "ReplayConfig");
    }

    @Test
    void eachFunctionRunsTheBundleOfItsModuleAndThatModulesHandler() {
        assertBoundTo("EventProcessorFunction", "event-processor", "EventProcessor");
        assertBoundTo("ReplayFunction", "event-replay", "EventReplay");
        assertThat(template.handler("EventProcessorFunction"))
                .isEqualTo(EventProcessor.class.getName() + "::handleRequest");
        assertThat(template.handler("ReplayFunction")).isEqualTo(FailedBatchReplay.class.getName() + "::handleRequest");
    }

    private void assertBoundTo(String function, String module, String stem) {
        var resource = template.resource(function);
        assertThat(resource.path("Metadata").path("streambot").path("bundle").asText())
                .isEqualTo(module);
        var code = resource.path("Properties").path("Code");
        assertThat(code.path("S3Bucket").path("Ref").asText()).isEqualTo("CodeBucket" + stem);
        assertThat(code.path("S3Key").path("Ref").asText()).isEqualTo("CodeKey" + stem);
    }

    @Test
    void bothFunctionsRunWithTheOneDependencyLayerThatTheFunctionModulesShare() throws IOException {
        var layer = template.resource("DependencyLayer");
        assertThat(layer.path("Type").asText()).isEqualTo("AWS::Lambda::LayerVersion");
        var content = layer.path("Properties").path("Content");
        assertThat(content.path("S3Bucket").path("Ref").asText()).isEqualTo("LayerBucketEventProcessor");
        assertThat(content.path("S3Key").path("Ref").asText()).isEqualTo("LayerKeyEventProcessor");
        for (String function : new String[] {"EventProcessorFunction", "ReplayFunction"}) {
            var properties = template.resource(function).path("Properties");
            assertThat(properties.path("Layers").toString())
                    .as("%s's layers", function)
                    .isEqualTo("[{\"Ref\":\"DependencyLayer\"}]");
            assertThat(layer.path("Properties").path("CompatibleArchitectures").toString())
                    .isEqualTo(properties.path("Architectures").toString());
            assertThat(layer.path("Properties").path("CompatibleRuntimes").toString())
                    .isEqualTo("[\"" + properties.path("Runtime").asText() + "\"]");
        }
        // One layer serves both functions because both modules bundle it from the same jars: the parent pom
        // declares the dependencies once, and neither function module adds one (deploy-stack refuses a function
        // whose module's layer is not the listed one).
        assertThat(Files.readString(Path.of("../pom.xml")))
                .contains("<layer>true</layer>")
                .contains("<dependencies>");
        for (String module : new String[] {"processor", "replay"}) {
            assertThat(Files.readString(Path.of("..", module, "pom.xml")))
                    .as("%s/pom.xml", module)
                    .doesNotContain("<dependencies>")
                    .doesNotContain("<layer>");
        }
    }

    @Test
    void aBatchTheProcessorGivesUpOnIsParkedForTheReplayWhichWaitsToBeSwitchedOn() {
        var destination = template.resource("EventProcessorSourceMapping")
                .path("Properties")
                .path("DestinationConfig")
                .path("OnFailure")
                .path("Destination");
        assertThat(destination.toString()).isEqualTo("{\"Fn::GetAtt\":[\"FailedBatchQueue\",\"Arn\"]}");
        var replay = template.resource("ReplaySourceMapping").path("Properties");
        assertThat(replay.path("EventSourceArn").toString()).isEqualTo(destination.toString());
        assertThat(replay.path("Enabled").asBoolean(true)).isFalse();
    }

    @Test
    void bothFunctionsRunOnArm64AsTheServiceBundlesThem() throws IOException {
        // streambot:bundle and deploy-stack fail when these differ; this example is the arm64 one.
        for (String function : new String[] {"EventProcessorFunction", "ReplayFunction"}) {
            assertThat(template.resource(function)
                            .path("Properties")
                            .path("Architectures")
                            .toString())
                    .isEqualTo("[\"arm64\"]");
        }
        assertThat(Files.readString(Path.of("../pom.xml"))).contains("<architecture>arm64</architecture>");
    }
}

package io.streambot.core.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Capability;

/**
 * The contract between deploy-stack and the primary template the providers module ships: the real
 * template on the plugin's classpath, not a copy made for the test.
 */
class PrimaryStackContractTest {
    private final StackTemplate primary =
            PrimaryStackTemplate.fromClasspath(getClass().getClassLoader()).load();

    @Test
    void theShippedPrimaryTemplateIsOnThePluginsClasspath() {
        assertThat(primary).isNotNull();
        assertThat(primary.isJson()).isTrue();
    }

    @Test
    void itTakesTheProvidersCodeFromTheUploadGoal() {
        assertThat(primary.parameters()).containsKeys(TemplateParameters.CODE_BUCKET, TemplateParameters.CODE_KEY);
        assertThat(primary.parameters().get(TemplateParameters.CODE_BUCKET).hasDefault())
                .isFalse();
    }

    @Test
    void itNeedsNothingFromAPrimaryStackItself() {
        assertThat(TemplateParameters.neededFromPrimaryStack(primary, Map.of())).isEmpty();
    }

    @Test
    void everyAutomaticServiceParameterIsAnOutputOfThePrimaryStack() {
        JsonNode outputs = primary.tree().get("Outputs");
        for (Map.Entry<String, List<String>> automatic : TemplateParameters.FROM_PRIMARY_STACK.entrySet()) {
            String preferredOutput = automatic.getValue().get(0);
            assertThat(outputs.has(preferredOutput))
                    .as("primary template output %s (fills %s)", preferredOutput, automatic.getKey())
                    .isTrue();
            assertThat(outputs.get(preferredOutput).has("Export"))
                    .as("%s is exported for Fn::ImportValue", preferredOutput)
                    .isTrue();
        }
    }

    @Test
    void itsRolesNeedTheIamCapability() {
        assertThat(CapabilityDetector.detect(primary)).contains(Capability.CAPABILITY_IAM);
    }
}

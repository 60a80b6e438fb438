package io.streambot.core.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.model.Capability;

/**
 * The contract between deploy-stack and the primary template the providers module ships: the real
 * template (the providers module's source file, which their zip carries), read the way deploy-stack
 * reads it, from a zip, not a copy made for the test.
 */
class PrimaryStackContractTest {
    /** The providers module's template; the plugin does not depend on that module, so it is read as a file. */
    static final Path SOURCE =
            Path.of("../streambot-providers/src/main/resources").resolve(PrimaryStackTemplate.ENTRY);

    @TempDir
    static Path dir;

    private static StackTemplate primary;

    @BeforeAll
    static void zipTheProvidersTemplate() throws IOException {
        Path zip = dir.resolve("streambot-providers-lambda.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("io/streambot/providers/EnvProvider.class"));
            out.closeEntry();
            out.putNextEntry(new ZipEntry(PrimaryStackTemplate.ENTRY));
            out.write(Files.readAllBytes(SOURCE));
            out.closeEntry();
        }
        primary = PrimaryStackTemplate.fromZip(zip).load();
    }

    @Test
    void thePrimaryTemplateIsReadFromTheProvidersZip() {
        assertThat(primary).isNotNull();
        assertThat(primary.isJson()).isTrue();
        assertThat(primary.parameters()).containsKey(PrimaryStackTemplate.TABLE_NAME);
        assertThat(primary.tree().get("Outputs").has(PrimaryStackTemplate.CONFIG_TABLE_ARN))
                .isTrue();
    }

    @Test
    void aZipWithoutTheTemplateGivesNone() throws IOException {
        Path zip = dir.resolve("other-lambda.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("com/example/Handler.class"));
            out.closeEntry();
        }
        assertThat(PrimaryStackTemplate.fromZip(zip).load()).isNull();
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

package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@MojoTest
class PutEnvMojoTest extends MojoHarnessTest {

    @Test
    @InjectMojo(goal = "put-env", pom = DEFAULTS)
    void everyParameterHasItsDocumentedDefault(PutEnvMojo mojo) {
        assertLiteralDefaults(mojo, "put-env");
    }

    @Test
    @InjectMojo(goal = "put-env", pom = SHARED)
    void thePluginsSharedConfigurationReachesTheGoal(PutEnvMojo mojo) {
        assertSharedConfiguration(mojo);
    }

    @Nested
    class FromTheCommandLine {
        @BeforeEach
        void minusD() {
            givenCommandLine();
        }

        @Test
        @InjectMojo(goal = "put-env", pom = DEFAULTS)
        void eachParameterReadsItsProperty(PutEnvMojo mojo) {
            assertCommandLineApplied(mojo, "put-env");
        }
    }

    @Test
    @InjectMojo(goal = "put-env", pom = DEFAULTS)
    @MojoParameter(name = "skip", value = "true")
    void skipStopsBeforeAnythingWithOneLine(PutEnvMojo mojo) throws Exception {
        RecordingLog log = record(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("INFO Skipping put-env because streambot.putEnv.skip is set");
    }

    @Test
    @InjectMojo(goal = "put-env", pom = DEFAULTS)
    void nothingConfiguredWritesNothingAndSaysSoInOneLine(PutEnvMojo mojo) throws Exception {
        RecordingLog log = record(mojo);
        mojo.execute();
        assertThat(log.lines)
                .containsExactly(
                        "INFO Nothing to write: no <env>, <envFile> (-Dstreambot.envFile) or <functions> is configured");
    }

    @Test
    @InjectMojo(goal = "put-env", pom = DEFAULTS)
    @MojoParameter(name = "envFile", value = "src/test/projects/command-line.properties")
    void configWithoutAFunctionNamesTheElementToSet(PutEnvMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<functionName> (-Dstreambot.functionName) is not set")
                .hasMessageContaining("<functions>");
    }
}

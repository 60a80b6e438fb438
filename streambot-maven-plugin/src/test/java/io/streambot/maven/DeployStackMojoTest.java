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
class DeployStackMojoTest extends MojoHarnessTest {

    @Test
    @InjectMojo(goal = "deploy-stack", pom = DEFAULTS)
    void everyParameterHasItsDocumentedDefault(DeployStackMojo mojo) {
        assertLiteralDefaults(mojo, "deploy-stack");
    }

    @Test
    @InjectMojo(goal = "deploy-stack", pom = SHARED)
    void thePluginsSharedConfigurationReachesTheGoal(DeployStackMojo mojo) {
        assertSharedConfiguration(mojo);
    }

    @Nested
    class FromTheCommandLine {
        @BeforeEach
        void minusD() {
            givenCommandLine();
        }

        @Test
        @InjectMojo(goal = "deploy-stack", pom = DEFAULTS)
        void eachParameterReadsItsProperty(DeployStackMojo mojo) {
            assertCommandLineApplied(mojo, "deploy-stack");
        }
    }

    @Test
    @InjectMojo(goal = "deploy-stack", pom = DEFAULTS)
    @MojoParameter(name = "skip", value = "true")
    void skipStopsBeforeAnythingWithOneLine(DeployStackMojo mojo) throws Exception {
        RecordingLog log = record(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("INFO Skipping deploy-stack because streambot.deployStack.skip is true");
    }

    @Test
    @InjectMojo(goal = "deploy-stack", pom = DEFAULTS)
    @MojoParameter(name = "pollInterval", value = "soon")
    void aDurationThatIsNotOneNamesTheElementAndTheFix(DeployStackMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<pollInterval> (-Dstreambot.pollInterval) = 'soon'");
    }
}

package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

@MojoTest
class DeployStackMojoTest extends GoalContractTest {
    DeployStackMojoTest() {
        super("deploy-stack", "INFO Skipping deploy-stack because streambot.deployStack.skip is true");
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

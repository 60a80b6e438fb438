package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

@MojoTest
class BundleMojoTest extends GoalContractTest {
    BundleMojoTest() {
        super("bundle", "INFO Skipping bundle because streambot.bundle.skip is true");
    }

    @Test
    @InjectMojo(goal = "bundle", pom = DEFAULTS)
    void theArchitectureClassifierAndHandlerDefaultsAreTheDocumentedOnes(BundleMojo mojo) {
        assertThat(value(mojo, "architecture")).isEqualTo("x86_64");
        assertThat(value(mojo, "classifier")).isEqualTo("lambda");
        assertThat(value(mojo, "handler")).isNull();
        assertThat(value(mojo, "layer")).isEqualTo(false);
    }

    @Test
    @InjectMojo(goal = "bundle", pom = DEFAULTS)
    void theResolverAndTheProjectHelperAreInjected(BundleMojo mojo) {
        assertThat(value(mojo, "repositorySystem")).isNotNull();
        assertThat(value(mojo, "projectHelper")).isNotNull();
    }

    @Test
    @InjectMojo(goal = "bundle", pom = DEFAULTS)
    @MojoParameter(name = "architecture", value = "sparc")
    void anUnknownArchitectureNamesTheElementAndTheFix(BundleMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<architecture>")
                .hasMessageContaining("streambot.architecture")
                .hasMessageContaining("sparc");
    }
}

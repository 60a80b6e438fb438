package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

@MojoTest
class PutEnvMojoTest extends GoalContractTest {
    PutEnvMojoTest() {
        super("put-env", "INFO Skipping put-env because streambot.putEnv.skip is set");
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

package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

@MojoTest
class UploadMojoTest extends GoalContractTest {
    UploadMojoTest() {
        super("upload", "INFO Skipping upload because streambot.upload.skip is set");
    }

    @Test
    @InjectMojo(goal = "upload", pom = DEFAULTS)
    @MojoParameter(name = "file", value = "pom.xml")
    @MojoParameter(name = "bucket", value = "code")
    @MojoParameter(name = "multipartThreshold", value = "big")
    void aSizeThatIsNotOneNamesTheElementAndTheFix(UploadMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<multipartThreshold> (-Dstreambot.upload.multipartThreshold) = 'big'")
                .hasMessageContaining("16MB");
    }

    @Test
    @InjectMojo(goal = "upload", pom = DEFAULTS)
    void noBundleToUploadSaysWhichGoalMakesOne(UploadMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("Run streambot:bundle first")
                .hasMessageContaining("<file> (-Dstreambot.upload.file)");
    }
}

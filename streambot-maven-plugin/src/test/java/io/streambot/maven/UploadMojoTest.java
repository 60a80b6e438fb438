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
class UploadMojoTest extends MojoHarnessTest {

    @Test
    @InjectMojo(goal = "upload", pom = DEFAULTS)
    void everyParameterHasItsDocumentedDefault(UploadMojo mojo) {
        assertLiteralDefaults(mojo, "upload");
    }

    @Test
    @InjectMojo(goal = "upload", pom = SHARED)
    void thePluginsSharedConfigurationReachesTheGoal(UploadMojo mojo) {
        assertSharedConfiguration(mojo);
    }

    @Nested
    class FromTheCommandLine {
        @BeforeEach
        void minusD() {
            givenCommandLine();
        }

        @Test
        @InjectMojo(goal = "upload", pom = DEFAULTS)
        void eachParameterReadsItsProperty(UploadMojo mojo) {
            assertCommandLineApplied(mojo, "upload");
        }
    }

    @Test
    @InjectMojo(goal = "upload", pom = DEFAULTS)
    @MojoParameter(name = "skip", value = "true")
    void skipStopsBeforeAnythingWithOneLine(UploadMojo mojo) throws Exception {
        RecordingLog log = record(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("INFO Skipping upload because streambot.upload.skip is set");
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

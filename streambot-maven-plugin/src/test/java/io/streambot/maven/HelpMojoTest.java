package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.Mojo;
import org.junit.jupiter.api.Test;

@MojoTest
class HelpMojoTest extends MojoHarnessTest {

    @Test
    @InjectMojo(goal = "help", pom = DEFAULTS)
    void helpListsEveryGoal(Mojo mojo) throws Exception {
        RecordingLog log = record(mojo);
        mojo.execute();
        String shown = String.join("\n", log.lines);
        for (String goal : goals()) {
            assertThat(shown).as("help shows %s", goal).contains("streambot:" + goal);
        }
    }

    @Test
    @InjectMojo(goal = "help", pom = DEFAULTS)
    @MojoParameter(name = "goal", value = "bundle")
    @MojoParameter(name = "detail", value = "true")
    void helpOfOneGoalShowsItsPropertiesAndDefaults(Mojo mojo) throws Exception {
        RecordingLog log = record(mojo);
        mojo.execute();
        String shown = String.join("\n", log.lines);
        assertThat(shown).contains("streambot:bundle", "architecture", "User property: streambot.architecture");
    }
}

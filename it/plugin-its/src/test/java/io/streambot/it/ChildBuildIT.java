package io.streambot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalS3;
import org.junit.jupiter.api.Test;

@LocalAws
class ChildBuildIT {

    @Test
    void aChildBuildRunsThePluginUnderTestWithTheKitsEndpoints(LocalS3 s3) {
        ChildBuild.Result result = ChildBuild.of("help-live", null)
                .goals(ChildBuild.goal("help"))
                .property("streambot.endpoint", s3.endpoint().orElseThrow())
                .run();

        assertThat(result.succeeded()).as(result.log()).isTrue();
        assertThat(result.log()).contains("streambot:help");
    }

    @Test
    void aFailingChildBuildReportsItsExitCode() {
        ChildBuild.Result result = ChildBuild.of("help-live", "bad-goal")
                .goals(ChildBuild.goal("no-such-goal"))
                .run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.log()).contains("no-such-goal");
    }
}

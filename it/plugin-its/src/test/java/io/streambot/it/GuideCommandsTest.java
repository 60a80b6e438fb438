package io.streambot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GuideCommandsTest {
    @Test
    void onlyShBlocksCountAndCommentsAndContinuationsAreHandled() {
        String page =
                """
                # Title

                ```sh
                # build it
                mvn package
                mvn deploy \\
                    -Dstreambot.region=eu-west-1
                ```

                ```xml
                <packaging>lambda</packaging>
                ```

                ```text
                mvn not-a-command
                ```

                ```sh
                cd my-service
                ```
                """;

        assertThat(GuideCommands.extract(page))
                .containsExactly("mvn package", "mvn deploy -Dstreambot.region=eu-west-1", "cd my-service");
    }

    @Test
    void aCommandThatCannotRunAsWrittenIsRefused() {
        assertThatThrownBy(() -> GuideCommands.extract("```sh\nmvn package | tee log\n```\n"))
                .hasMessage("a guide command this test cannot run literally: mvn package | tee log");
    }
}

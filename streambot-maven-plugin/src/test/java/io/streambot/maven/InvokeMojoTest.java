package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

@MojoTest
class InvokeMojoTest extends GoalContractTest {
    InvokeMojoTest() {
        super("invoke", "INFO Skipping streambot:invoke because streambot.invoke.skip is true");
    }

    @Test
    @InjectMojo(goal = "invoke", pom = DEFAULTS)
    @MojoParameter(name = "handler", value = "com.example.Handler::")
    void aHandlerThatIsNotOneNamesTheElementAndTheFix(InvokeMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<handler> (-Dstreambot.handler)");
    }

    @Test
    @InjectMojo(goal = "invoke", pom = DEFAULTS)
    @MojoParameter(name = "handler", value = "com.example.Handler")
    @MojoParameter(name = "serverId", value = "nowhere")
    @MojoParameter(name = "region", value = "eu-west-3")
    void aServerIdWithoutAServerNamesTheSharedElementAndTheFix(InvokeMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<serverId> (-Dstreambot.serverId) = 'nowhere' names no <server>")
                .hasMessageContaining("remove <serverId> to use the default AWS credentials chain");
    }

    @Test
    @InjectMojo(goal = "invoke", pom = DEFAULTS)
    @MojoParameter(name = "handler", value = "com.example.Handler")
    @MojoParameter(name = "endpoint", value = "http://bad host")
    void anEndpointThatIsNotAUrlNamesTheSharedElementAndTheFix(InvokeMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<endpoint> (-Dstreambot.endpoint) = 'http://bad host' is not a URL");
    }
}

package io.streambot.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.streambot.core.bundle.ArtifactResolver;
import io.streambot.core.bundle.BundleDependency;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaJavaLibrariesTest {

    /** The two jars as this test's class path holds them (the plugin compiles against them, provided). */
    static List<Path> onTestClassPath() {
        return List.of(jarOf(Context.class), jarOf(LambdaEventSerializers.class));
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theVersionsAreThoseThePluginWasBuiltWith() {
        Path core = jarOf(Context.class);
        Path serialization = jarOf(LambdaEventSerializers.class);
        assertThat(core.getFileName().toString())
                .isEqualTo("aws-lambda-java-core-"
                        + LambdaJavaLibraries.versions().getProperty("aws-lambda-java-core") + ".jar");
        assertThat(serialization.getFileName().toString())
                .isEqualTo("aws-lambda-java-serialization-"
                        + LambdaJavaLibraries.versions().getProperty("aws-lambda-java-serialization") + ".jar");
    }

    @Test
    void theyAreResolvedThroughTheHost() throws IOException {
        List<String> asked = new ArrayList<>();
        ArtifactResolver resolver = new ArtifactResolver() {
            @Override
            public BundleDependency resolve(String g, String a, String v, String c) {
                asked.add(g + ":" + a + ":" + v);
                return new BundleDependency(g, a, v, c, Path.of("/repo/" + a + ".jar"));
            }

            @Override
            public List<BundleDependency> resolveWithDependencies(String g, String a, String v) {
                throw new AssertionError("not expected");
            }
        };
        assertThat(LambdaJavaLibraries.resolve(resolver))
                .containsExactly(
                        Path.of("/repo/aws-lambda-java-core.jar"), Path.of("/repo/aws-lambda-java-serialization.jar"));
        assertThat(asked)
                .containsExactly(
                        "com.amazonaws:aws-lambda-java-core:"
                                + LambdaJavaLibraries.versions().getProperty("aws-lambda-java-core"),
                        "com.amazonaws:aws-lambda-java-serialization:"
                                + LambdaJavaLibraries.versions().getProperty("aws-lambda-java-serialization"));
    }

    @Test
    void aLibraryThatCannotBeResolvedFailsNamingIt() {
        assertThatThrownBy(() -> LambdaJavaLibraries.resolve(ArtifactResolver.none()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("com.amazonaws:aws-lambda-java-core:");
    }
}

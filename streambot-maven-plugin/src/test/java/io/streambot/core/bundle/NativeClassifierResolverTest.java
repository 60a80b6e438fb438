package io.streambot.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeClassifierResolverTest {
    /** Resolves anything to a made-up path and remembers what was asked. */
    static class RecordingResolver implements ArtifactResolver {
        final List<String> asked = new ArrayList<>();

        @Override
        public BundleDependency resolve(String g, String a, String v, String c) {
            asked.add(g + ":" + a + ":" + v + ":" + c);
            return new BundleDependency(g, a, v, c, Path.of("/repo/" + a + "-" + c + ".jar"));
        }

        @Override
        public List<BundleDependency> resolveWithDependencies(String g, String a, String v) throws IOException {
            throw new IOException("not expected");
        }
    }

    private final RecordingResolver resolver = new RecordingResolver();

    private static BundleDependency dep(String key, String version, String classifier) {
        String[] ga = key.split(":");
        return new BundleDependency(ga[0], ga[1], version, classifier, Path.of("/m2/" + ga[1] + classifier + ".jar"));
    }

    @Test
    void theBuildMachinesClassifierIsReplacedByTheLambdaOne() throws Exception {
        // What ${os.detected.classifier} gives on an Apple Silicon Mac.
        BundleDependency epoll = dep("io.netty:netty-transport-native-epoll", "4.1.126.Final", "osx-aarch_64");
        BundleDependency jackson = dep("com.fasterxml.jackson.core:jackson-core", "2.19.2", "");
        NativeClassifierResolver.Resolution r = new NativeClassifierResolver(NativeClassifierTable.builtIn(), resolver)
                .resolve(List.of(jackson, epoll), Architecture.ARM64);

        assertThat(r.dependencies())
                .extracting(BundleDependency::coordinates)
                .containsExactly(
                        "com.fasterxml.jackson.core:jackson-core:2.19.2",
                        "io.netty:netty-transport-native-epoll:4.1.126.Final:linux-aarch_64");
        assertThat(resolver.asked)
                .containsExactly("io.netty:netty-transport-native-epoll:4.1.126.Final:linux-aarch_64");
        assertThat(r.swaps())
                .containsExactly("io.netty:netty-transport-native-epoll:4.1.126.Final osx-aarch_64 -> linux-aarch_64");
    }

    @Test
    void tcnativeWithEveryPlatformCollapsesToTheTargetsJarWithoutResolving() throws Exception {
        String key = "io.netty:netty-tcnative-boringssl-static";
        List<BundleDependency> deps = new ArrayList<>();
        deps.add(dep(key, "2.0.73.Final", ""));
        for (String c : List.of("linux-x86_64", "linux-aarch_64", "osx-x86_64", "osx-aarch_64", "windows-x86_64")) {
            deps.add(dep(key, "2.0.73.Final", c));
        }
        NativeClassifierResolver.Resolution r = new NativeClassifierResolver(NativeClassifierTable.builtIn(), resolver)
                .resolve(deps, Architecture.X86_64);

        assertThat(r.dependencies())
                .extracting(BundleDependency::coordinates)
                .containsExactly(key + ":2.0.73.Final:linux-x86_64");
        assertThat(resolver.asked).isEmpty();
        assertThat(r.swaps()).hasSize(1);
        assertThat(r.swaps().get(0))
                .isEqualTo(key + ":2.0.73.Final (no classifier), linux-aarch_64, osx-x86_64, osx-aarch_64,"
                        + " windows-x86_64 -> linux-x86_64");
    }

    @Test
    void fatJarsWithoutClassifierAreKeptForStripping() throws Exception {
        List<BundleDependency> deps =
                List.of(dep("org.xerial:sqlite-jdbc", "3.50.3.0", ""), dep("com.github.luben:zstd-jni", "1.5.7-4", ""));
        NativeClassifierResolver.Resolution r = new NativeClassifierResolver(NativeClassifierTable.builtIn(), resolver)
                .resolve(deps, Architecture.ARM64);
        assertThat(r.dependencies()).isEqualTo(deps);
        assertThat(r.swaps()).isEmpty();
    }

    @Test
    void aClassifiedFatArtifactIsSwappedToItsLinuxClassifier() throws Exception {
        NativeClassifierResolver.Resolution r = new NativeClassifierResolver(NativeClassifierTable.builtIn(), resolver)
                .resolve(List.of(dep("com.github.luben:zstd-jni", "1.5.7-4", "darwin_aarch64")), Architecture.X86_64);
        assertThat(r.dependencies())
                .extracting(BundleDependency::coordinates)
                .containsExactly("com.github.luben:zstd-jni:1.5.7-4:linux_amd64");
        assertThat(resolver.asked).containsExactly("com.github.luben:zstd-jni:1.5.7-4:linux_amd64");
    }

    @Test
    void anArtifactWithNoBuildForTheTargetFailsNamingItAndTheFix() {
        assertThatThrownBy(() -> new NativeClassifierResolver(NativeClassifierTable.builtIn(), resolver)
                        .resolve(
                                List.of(dep("org.conscrypt:conscrypt-openjdk", "2.5.2", "linux-x86_64")),
                                Architecture.ARM64))
                .isInstanceOf(BundleException.class)
                .hasMessage("org.conscrypt:conscrypt-openjdk:2.5.2 has no build for linux aarch64 (built-in table):"
                        + " use <architecture>x86_64</architecture>, replace the dependency, or add a <nativeMapping>"
                        + " for org.conscrypt:conscrypt-openjdk with the classifier built for arm64");
    }

    @Test
    void aUserMappingReplacesTheBuiltInRule() throws Exception {
        NativeArtifactRule mine = NativeArtifactRule.fromPom(
                "org.conscrypt:conscrypt-openjdk", "linux-x86_64", "linux-aarch_64-custom", null);
        NativeClassifierResolver.Resolution r = new NativeClassifierResolver(
                        NativeClassifierTable.withUserRules(List.of(mine)), resolver)
                .resolve(List.of(dep("org.conscrypt:conscrypt-openjdk", "2.5.2", "linux-x86_64")), Architecture.ARM64);
        assertThat(r.dependencies()).extracting(BundleDependency::classifier).containsExactly("linux-aarch_64-custom");
    }

    @Test
    void aUserMappingForAnUnknownArtifactIsUsed() throws Exception {
        NativeArtifactRule mine = NativeArtifactRule.fromPom("com.example:fast", "linux-x86_64", "linux-arm64", "swap");
        NativeClassifierResolver.Resolution r = new NativeClassifierResolver(
                        NativeClassifierTable.withUserRules(List.of(mine)), resolver)
                .resolve(List.of(dep("com.example:fast", "1.0", "")), Architecture.ARM64);
        assertThat(r.dependencies())
                .extracting(BundleDependency::coordinates)
                .containsExactly("com.example:fast:1.0:linux-arm64");
    }

    @Test
    void aBadUserMappingNamesTheElement() {
        assertThatThrownBy(() -> NativeArtifactRule.fromPom("just-an-artifact", "a", "b", null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(
                        "<nativeMappings><nativeMapping><artifact> = 'just-an-artifact' is not groupId:artifactId");
        assertThatThrownBy(() -> NativeArtifactRule.fromPom("g:a", "", "-", null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("has neither <x86_64> nor <arm64> classifier");
        assertThatThrownBy(() -> NativeArtifactRule.fromPom("g:a", "x", "y", "shrink"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<defaultJar> = 'shrink' is neither strip nor swap");
    }

    @Test
    void theBuiltInTableKnowsTheIssuesLibraries() {
        NativeClassifierTable table = NativeClassifierTable.builtIn();
        assertThat(table.ruleFor("software.amazon.awssdk.crt:aws-crt")
                        .orElseThrow()
                        .classifierFor(Architecture.ARM64))
                .isEqualTo("linux-aarch_64");
        assertThat(table.ruleFor("com.github.luben:zstd-jni").orElseThrow().classifierFor(Architecture.ARM64))
                .isEqualTo("linux_aarch64");
        assertThat(table.ruleFor("org.rocksdb:rocksdbjni").orElseThrow().classifierFor(Architecture.X86_64))
                .isEqualTo("linux64");
        assertThat(table.ruleFor("org.xerial.snappy:snappy-java").orElseThrow().defaultJar())
                .isEqualTo(NativeArtifactRule.DefaultJar.STRIP);
        assertThat(table.ruleFor("com.fasterxml.jackson.core:jackson-core")).isEmpty();
    }
}

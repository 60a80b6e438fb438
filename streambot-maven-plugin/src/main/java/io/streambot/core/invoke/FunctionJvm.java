package io.streambot.core.invoke;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.stack.FunctionDeclarations.FunctionDeclaration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the {@code java} that runs a function locally: a JDK of the function's runtime version
 * ({@code java21} runs on a JDK 21), found by the host (Maven Toolchains: type {@code jdk}, requirement
 * {@code version}); without one, the build's own JDK, with a warning that names both versions.
 */
public final class FunctionJvm {
    /** Finds a JDK by feature version; Maven's {@code ToolchainManager} behind it. */
    @FunctionalInterface
    public interface JdkLookup {
        /**
         * @param versionRange a Maven version range covering the feature version, {@code [21,22)}
         * @return the JDK's {@code java} executable, or empty when no toolchain provides that version
         */
        Optional<Path> java(String versionRange);
    }

    /**
     * The chosen JVM.
     *
     * @param java its {@code java} executable
     * @param version its Java feature version
     * @param fromToolchain it is the function's version, from a toolchain (not the build's JDK as a fallback)
     */
    public record Selection(Path java, int version, boolean fromToolchain) {}

    private FunctionJvm() {}

    /** The build's own JVM. */
    public static Selection buildJvm() {
        return new Selection(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                Runtime.version().feature(),
                false);
    }

    /**
     * The runtime to run: {@code configured} when set, else the {@code Runtime} of the template's function with
     * {@code handler}, else the one runtime all its Java functions share; null when none is known.
     *
     * @throws InvalidConfigurationException naming {@code <runtime>} when {@code configured} is not a Java runtime
     */
    public static String runtime(String configured, String handler, List<FunctionDeclaration> functions) {
        if (configured != null && !configured.isBlank()) {
            if (FunctionDeclaration.javaVersion(configured) == 0) {
                throw new InvalidConfigurationException(
                        "<runtime>",
                        "streambot.runtime",
                        configured,
                        "is not a Lambda Java runtime",
                        "use the function's Runtime, such as java17, java21 or java25");
            }
            return configured.trim();
        }
        for (FunctionDeclaration f : functions) {
            if (f.runtime() != null && handler != null && handler.equals(f.handler())) {
                return f.runtime();
            }
        }
        List<String> runtimes = functions.stream()
                .map(FunctionDeclaration::runtime)
                .filter(r -> r != null)
                .distinct()
                .toList();
        return runtimes.size() == 1 ? runtimes.get(0) : null;
    }

    /**
     * The JVM for {@code runtime}: a toolchain's JDK of its version, else the build's (with a warning when the
     * build's JDK is another version).
     *
     * @param runtime the function's runtime ({@code java21}), or null when none is known (the build's JDK)
     * @param source where the runtime comes from, for messages ({@code Runtime of resource Ingest in ...})
     */
    public static Selection select(String runtime, String source, JdkLookup lookup, Events events) {
        Selection build = buildJvm();
        int version = FunctionDeclaration.javaVersion(runtime);
        if (version == 0) {
            events.info("Running on the build's JDK " + build.version()
                    + ": no function runtime is known (set <runtime>, -Dstreambot.runtime=java21, or the template's"
                    + " Runtime)");
            return build;
        }
        Optional<Path> java = lookup.java("[" + version + "," + (version + 1) + ")");
        if (java.isPresent() && Files.isExecutable(java.get())) {
            events.info("Running on JDK " + version + " from toolchains.xml (" + java.get() + ") for runtime " + runtime
                    + " (" + source + ")");
            return new Selection(java.get(), version, true);
        }
        if (build.version() == version) {
            events.info("Running on the build's JDK " + version + ", the version of runtime " + runtime + " (" + source
                    + ")");
            return build;
        }
        events.warn("No JDK " + version + " toolchain for runtime " + runtime + " (" + source
                + "): running on the build's JDK " + build.version() + " instead. Add a toolchain of type jdk"
                + " providing version " + version + " to ~/.m2/toolchains.xml (or pass one with mvn -t FILE)");
        return build;
    }
}

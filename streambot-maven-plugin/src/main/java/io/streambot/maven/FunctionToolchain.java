package io.streambot.maven;

import io.streambot.core.Events;
import io.streambot.core.invoke.FunctionJvm;
import io.streambot.core.stack.FunctionDeclarations;
import io.streambot.core.stack.FunctionDeclarations.FunctionDeclaration;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;

/** The JVM a local run uses, picked with Maven Toolchains ({@code toolchains.xml}) for the function's runtime. */
final class FunctionToolchain {
    private FunctionToolchain() {}

    static FunctionJvm.Selection select(
            ToolchainManager toolchains,
            MavenSession session,
            MavenProject project,
            File template,
            String configuredRuntime,
            String handler,
            Events events) {
        List<FunctionDeclaration> functions = FunctionDeclarations.fromProject(
                project.getBasedir().toPath(), template == null ? null : template.toPath(), events);
        String runtime = FunctionJvm.runtime(configuredRuntime, handler, functions);
        String source = configuredRuntime != null && !configuredRuntime.isBlank()
                ? "<runtime>"
                : functions.stream()
                        .filter(f -> runtime != null && runtime.equals(f.runtime()))
                        .findFirst()
                        .map(f -> "Runtime of " + f.where())
                        .orElse("template");
        return FunctionJvm.select(runtime, source, range -> java(toolchains, session, range), events);
    }

    private static Optional<Path> java(ToolchainManager toolchains, MavenSession session, String range) {
        if (toolchains == null) {
            return Optional.empty();
        }
        List<Toolchain> found = toolchains.getToolchains(session, "jdk", Map.of("version", range));
        for (Toolchain toolchain : found) {
            String java = toolchain.findTool("java");
            if (java != null) {
                return Optional.of(Path.of(java));
            }
        }
        return Optional.empty();
    }
}

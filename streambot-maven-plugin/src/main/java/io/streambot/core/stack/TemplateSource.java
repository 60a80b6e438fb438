package io.streambot.core.stack;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds and reads a template: the one the user named, or by convention the single template file in
 * {@code src/main/cloudformation/}; or the primary streambot template the plugin ships with.
 */
public final class TemplateSource {
    /** The convention directory, relative to the project's base directory. */
    public static final String CONVENTION_DIRECTORY = "src/main/cloudformation";

    private static final List<String> EXTENSIONS = List.of(".json", ".yaml", ".yml", ".template");

    private TemplateSource() {}

    /**
     * The template to deploy: {@code explicit} when given (relative to {@code baseDir}), otherwise the
     * single {@code *.json}/{@code *.yaml}/{@code *.yml}/{@code *.template} file of the convention directory.
     *
     * @throws InvalidConfigurationException naming {@code <template>} (and the directory) when there is
     *     no such file, none or several
     */
    public static StackTemplate fromProject(Path baseDir, Path explicit) {
        return read(locate(baseDir, explicit));
    }

    /**
     * The template the project's checks read: {@code explicit} when given (which must exist), else the single
     * template of the convention directory, else none (a project with no template there, or several, has none:
     * reported at debug level as {@code what}).
     *
     * @throws InvalidConfigurationException naming {@code <template>} when {@code explicit} is not a file
     */
    static Optional<Path> locateForChecks(Path baseDir, Path explicit, Events events, String what) {
        if (explicit != null) {
            return Optional.of(locate(baseDir, explicit));
        }
        try {
            return Optional.of(locate(baseDir, null));
        } catch (InvalidConfigurationException e) {
            events.debug("No " + what + " from a template: " + e.getMessage());
            return Optional.empty();
        }
    }

    static Path locate(Path baseDir, Path explicit) {
        if (explicit != null) {
            Path file = explicit.isAbsolute() ? explicit : baseDir.resolve(explicit);
            if (!Files.isRegularFile(file)) {
                throw new InvalidConfigurationException(
                        "<template>",
                        "streambot.template",
                        explicit.toString(),
                        "is not a file",
                        "point it at your CloudFormation template (JSON or YAML), or remove it to use the single"
                                + " template in " + CONVENTION_DIRECTORY + "/");
            }
            return file;
        }
        Path dir = baseDir.resolve(CONVENTION_DIRECTORY);
        List<Path> candidates = conventionTemplates(dir);
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String problem = candidates.isEmpty()
                ? "is not set and " + dir + " holds no *.json, *.yaml, *.yml or *.template file"
                : "is not set and " + dir + " holds several templates "
                        + candidates.stream()
                                .map(p -> p.getFileName().toString())
                                .toList();
        throw new InvalidConfigurationException(
                "<template>",
                "streambot.template",
                null,
                problem,
                candidates.isEmpty()
                        ? "put the service's CloudFormation template in " + CONVENTION_DIRECTORY
                                + "/ or set <template> to its path"
                        : "set <template> (or -Dstreambot.template) to the one to deploy");
    }

    /**
     * Whether the project has a template to deploy in {@link #CONVENTION_DIRECTORY} (one file or several): a
     * function module of a reactor has none, its functions are in the stack module's template.
     */
    public static boolean conventionDirectoryHasTemplates(Path baseDir) {
        return !conventionTemplates(baseDir.resolve(CONVENTION_DIRECTORY)).isEmpty();
    }

    private static List<Path> conventionTemplates(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(TemplateSource::looksLikeTemplate)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Reads and parses one template file. */
    public static StackTemplate read(Path file) {
        try {
            return StackTemplate.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }

    /** A template read from the classpath of {@code loader}, or null when the resource is absent. */
    public static StackTemplate fromClasspath(ClassLoader loader, String resource) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            return StackTemplate.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template resource " + resource, e);
        }
    }

    private static boolean looksLikeTemplate(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }
}

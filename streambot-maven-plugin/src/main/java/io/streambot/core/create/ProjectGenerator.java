package io.streambot.core.create;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a new service project from a {@link Starter} into a new folder. Every name is checked and
 * every file rendered before anything is written; the files go to a hidden sibling folder that is
 * renamed into place at the end, so a failure leaves nothing behind and an existing folder is never
 * touched.
 */
public final class ProjectGenerator {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_.]+)}}");
    private static final String STARTERS = "starters/";

    private final Events events;

    public ProjectGenerator(Events events) {
        this.events = events;
    }

    /**
     * Creates the project {@code request} describes.
     *
     * @throws InvalidConfigurationException when a name is invalid or the folder exists (nothing written)
     * @throws UncheckedIOException when writing fails (nothing left behind)
     */
    public CreateResult create(CreateRequest request) {
        request.validate();
        Starter starter = Starter.parse(request.starter());
        Path target = request.directory().toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new InvalidConfigurationException(
                    "<artifactId>",
                    "artifactId",
                    request.artifactId(),
                    "names a folder that already exists (" + target + ")",
                    "choose another -DartifactId, or run in another folder; nothing was written");
        }
        Map<String, String> values = values(request);
        Map<String, String> files = render(starter, values);

        Path parent = target.getParent();
        Path staging = parent.resolve("." + request.artifactId() + ".streambot-create");
        try {
            Files.createDirectories(parent);
            deleteRecursively(staging); // a leftover of a killed run
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = staging.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
            move(staging, target);
        } catch (IOException e) {
            deleteRecursively(staging);
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteRecursively(staging);
            throw e;
        }
        String handler = request.javaPackage() + ".Handler::handleRequest";
        events.info("Created " + target + " from the " + starter.id() + " starter (" + starter.description() + "): "
                + files.size() + " files, handler " + handler);
        return new CreateResult(target, new ArrayList<>(files.keySet()), starter, handler);
    }

    /** The starter's files, by their path in the new project, with every placeholder filled in. */
    static Map<String, String> render(Starter starter, Map<String, String> values) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String line : resource(starter.id() + "/files.txt").split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] parts = entry.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalStateException("bad line in the " + starter.id() + " starter's files.txt: " + line);
            }
            files.put(fill(parts[1], values, parts[1]), fill(resource(parts[0]), values, parts[0]));
        }
        return files;
    }

    private static Map<String, String> values(CreateRequest request) {
        Map<String, String> values = new LinkedHashMap<>(request.versions());
        values.put("groupId", request.groupId());
        values.put("artifactId", request.artifactId());
        values.put("version", request.version());
        values.put("package", request.javaPackage());
        values.put("packagePath", request.javaPackage().replace('.', '/'));
        int java = lambdaJavaFor(Runtime.version().feature());
        values.put("maven.compiler.release", Integer.toString(java));
        values.put("lambdaRuntime", "java" + java);
        return values;
    }

    /** Lambda's Java runtimes, oldest first. */
    static final int[] LAMBDA_JAVA_RUNTIMES = {17, 21, 25};

    /**
     * The newest Lambda Java runtime the JDK running the generator can compile for and run: the new project's
     * {@code maven.compiler.release} and its template's {@code Runtime}, so that its first {@code streambot:invoke}
     * runs on the JDK the function will have, without a toolchain.
     */
    static int lambdaJavaFor(int jdkFeature) {
        int chosen = LAMBDA_JAVA_RUNTIMES[0];
        for (int runtime : LAMBDA_JAVA_RUNTIMES) {
            if (runtime <= jdkFeature) {
                chosen = runtime;
            }
        }
        return chosen;
    }

    private static String fill(String text, Map<String, String> values, String source) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("the starter file " + source + " uses {{" + m.group(1)
                        + "}}, which has no value; known: " + values.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String resource(String name) {
        try (InputStream in = ProjectGenerator.class.getResourceAsStream(STARTERS + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the starter resource " + STARTERS + name + " is missing from the plugin");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void move(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }
}

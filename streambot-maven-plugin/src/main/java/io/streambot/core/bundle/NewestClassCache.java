package io.streambot.core.bundle;

import io.streambot.core.bundle.FunctionPlatformCheck.Newest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The newest class of a build's classes and dependency jars, remembered in a file under {@code target/} with
 * the inputs it was found in (each file's path, size and time). Finding it reads every class of every jar
 * (about a second for the AWS SDK); a no-op rebuild, whose inputs did not change, reads the file instead.
 */
final class NewestClassCache {
    private static final String NONE = "-";

    private NewestClassCache() {}

    static Newest newestClass(Path classesDirectory, List<Path> dependencyJars, Path cacheFile) {
        if (cacheFile == null) {
            return FunctionPlatformCheck.newestClass(classesDirectory, dependencyJars);
        }
        String key = inputsKey(classesDirectory, dependencyJars);
        Newest cached = read(cacheFile, key);
        if (cached != null) {
            return cached.major() < 0 ? null : cached;
        }
        Newest newest = FunctionPlatformCheck.newestClass(classesDirectory, dependencyJars);
        write(cacheFile, key, newest);
        return newest;
    }

    /** A digest of every input's path, size and modification time: a changed or replaced file changes it. */
    static String inputsKey(Path classesDirectory, List<Path> dependencyJars) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try {
            if (classesDirectory != null && Files.isDirectory(classesDirectory)) {
                try (Stream<Path> files = Files.walk(classesDirectory)) {
                    for (Path p :
                            (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        stamp(digest, "class", p);
                    }
                }
            }
            for (Path jar : dependencyJars) {
                if (Files.isRegularFile(jar)) {
                    stamp(digest, "jar", jar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void stamp(MessageDigest digest, String kind, Path file) throws IOException {
        digest.update((kind + ":" + file.toAbsolutePath() + ":" + Files.size(file) + "@"
                        + Files.getLastModifiedTime(file).toMillis() + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The remembered answer when the file holds one for {@code key}; major -1 stands for "no class". */
    private static Newest read(Path cacheFile, String key) {
        try {
            if (!Files.isRegularFile(cacheFile)) {
                return null;
            }
            List<String> lines = Files.readAllLines(cacheFile, StandardCharsets.UTF_8);
            if (lines.size() != 2 || !lines.get(0).equals(key)) {
                return null;
            }
            if (lines.get(1).equals(NONE)) {
                return new Newest(null, null, -1);
            }
            String[] parts = lines.get(1).split("\t", 3);
            return parts.length == 3 ? new Newest(parts[1], parts[2], Integer.parseInt(parts[0])) : null;
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable file is found again
        }
    }

    private static void write(Path cacheFile, String key, Newest newest) {
        String answer = newest == null ? NONE : newest.major() + "\t" + newest.name() + "\t" + newest.location();
        try {
            Files.createDirectories(cacheFile.getParent());
            Files.writeString(cacheFile, key + "\n" + answer + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Only a lost shortcut: the next build reads the jars again.
        }
    }
}

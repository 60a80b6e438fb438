package io.streambot.core.bundle;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.stack.FunctionDeclarations.FunctionDeclaration;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Compares what the build makes with what the template declares, before anything is zipped or uploaded:
 * {@code <architecture>} against each Java function's {@code Architectures}, and the class files (the
 * project's and its runtime dependencies') against each function's {@code Runtime}. A class file newer than
 * the runtime would fail on Lambda with {@code UnsupportedClassVersionError} at the first invocation.
 */
public final class FunctionPlatformCheck {
    /** Class file major version of Java 8; Java N is {@code 44 + N}. */
    private static final int JAVA_MAJOR_OFFSET = 44;

    private FunctionPlatformCheck() {}

    /**
     * @param architecture the configured {@code <architecture>}
     * @param functions the template's Java functions (none: nothing to compare)
     * @param classesDirectory the project's classes (may be missing)
     * @param dependencyJars the runtime dependencies that go into the zip
     * @throws InvalidConfigurationException naming {@code <architecture>} and the function's resource when they
     *     differ
     * @throws BundleException naming a class, its Java version and the function's runtime when a class is newer
     */
    public static void check(
            Architecture architecture,
            List<FunctionDeclaration> functions,
            Path classesDirectory,
            List<Path> dependencyJars) {
        check(architecture, functions, classesDirectory, dependencyJars, null);
    }

    /**
     * As {@link #check(Architecture, List, Path, List)}, remembering the newest class in {@code cacheFile} (null:
     * not remembered) with the inputs it was found in, so a build whose classes and jars did not change does not
     * read them again.
     */
    public static void check(
            Architecture architecture,
            List<FunctionDeclaration> functions,
            Path classesDirectory,
            List<Path> dependencyJars,
            Path cacheFile) {
        for (FunctionDeclaration function : functions) {
            if (!function.architectures().isEmpty() && !function.architectures().contains(architecture.lambdaName())) {
                throw new InvalidConfigurationException(
                        "<architecture>",
                        "streambot.architecture",
                        architecture.lambdaName(),
                        "differs from Architectures " + function.architectures() + " of " + function.where()
                                + " (x86_64 when the template gives none)",
                        "make them the same: set <architecture>"
                                + function.architectures().get(0)
                                + "</architecture> (-Dstreambot.architecture="
                                + function.architectures().get(0)
                                + "), or set the template's Architectures to [" + architecture.lambdaName() + "]");
            }
        }
        FunctionDeclaration oldest = null;
        for (FunctionDeclaration function : functions) {
            if (function.javaVersion() > 0 && (oldest == null || function.javaVersion() < oldest.javaVersion())) {
                oldest = function;
            }
        }
        if (oldest == null) {
            return;
        }
        int allowed = oldest.javaVersion() + JAVA_MAJOR_OFFSET;
        Newest newest = NewestClassCache.newestClass(classesDirectory, dependencyJars, cacheFile);
        if (newest != null && newest.major() > allowed) {
            throw new BundleException("The class " + newest.name() + " (in " + newest.location() + ") is Java "
                    + (newest.major() - JAVA_MAJOR_OFFSET) + " bytecode (class file version " + newest.major()
                    + "), newer than the runtime " + oldest.runtime() + " of " + oldest.where()
                    + ": Lambda would fail with UnsupportedClassVersionError. Compile for "
                    + oldest.javaVersion() + " (<maven.compiler.release>" + oldest.javaVersion()
                    + "</maven.compiler.release>), use a dependency version built for it, or raise the template's"
                    + " Runtime to java" + (newest.major() - JAVA_MAJOR_OFFSET) + " or newer");
        }
    }

    /** The class with the highest class file version: the first found of that version, in a stable order. */
    record Newest(String name, String location, int major) {}

    static Newest newestClass(Path classesDirectory, List<Path> dependencyJars) {
        Newest newest = null;
        try {
            if (classesDirectory != null && Files.isDirectory(classesDirectory)) {
                List<Path> classes;
                try (Stream<Path> files = Files.walk(classesDirectory)) {
                    classes = files.filter(p -> p.toString().endsWith(".class"))
                            .filter(p -> !classesDirectory
                                    .relativize(p)
                                    .toString()
                                    .replace('\\', '/')
                                    .startsWith("META-INF/"))
                            .sorted()
                            .toList();
                }
                for (Path file : classes) {
                    int major;
                    try (InputStream in = Files.newInputStream(file)) {
                        major = major(in);
                    }
                    if (major > 0 && (newest == null || major > newest.major())) {
                        String name =
                                classesDirectory.relativize(file).toString().replace('\\', '/');
                        newest = new Newest(className(name), classesDirectory.toString(), major);
                    }
                }
            }
            for (Path jar : dependencyJars) {
                if (!Files.isRegularFile(jar)) {
                    continue;
                }
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                        ZipEntry entry = entries.nextElement();
                        // META-INF/versions/N/ holds multi-release classes only a Java N runtime loads.
                        if (!entry.getName().endsWith(".class")
                                || entry.getName().startsWith("META-INF/")) {
                            continue;
                        }
                        int major;
                        try (InputStream in = zip.getInputStream(entry)) {
                            major = major(in);
                        }
                        if (major > 0 && (newest == null || major > newest.major())) {
                            newest = new Newest(
                                    className(entry.getName()),
                                    jar.getFileName().toString(),
                                    major);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not read class files to check their Java version: " + e.getMessage(), e);
        }
        return newest;
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    /** The class file's major version, or 0 when it is not a class file. */
    private static int major(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = data.readNBytes(8);
        if (header.length < 8
                || (header[0] & 0xFF) != 0xCA
                || (header[1] & 0xFF) != 0xFE
                || (header[2] & 0xFF) != 0xBA
                || (header[3] & 0xFF) != 0xBE) {
            return 0;
        }
        return ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
    }
}

package io.streambot.core.invoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds a Lambda zip in a test: sources compiled to the root, jars and compiled helpers under lib/. */
final class FunctionZip {
    private final Path dir;
    private final Map<String, String> rootSources = new LinkedHashMap<>();
    private final Map<String, String> libSources = new LinkedHashMap<>();
    private final List<Path> libJars = new ArrayList<>();

    FunctionZip(Path dir) {
        this.dir = dir;
    }

    /** A class compiled into the zip's root. */
    FunctionZip source(String className, String code) {
        rootSources.put(className, code);
        return this;
    }

    /** A class compiled into lib/helpers.jar. */
    FunctionZip libSource(String className, String code) {
        libSources.put(className, code);
        return this;
    }

    /** The jar {@code type} was loaded from, copied under lib/. */
    FunctionZip libJarOf(Class<?> type) {
        libJars.add(jarOf(type));
        return this;
    }

    Path build(String name) {
        try {
            Path helpers = compile("helpers", libSources, List.of());
            Path root = compile("root", rootSources, List.of(helpers));
            Path zip = dir.resolve(name + ".zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                addTree(out, root, "");
                if (!libSources.isEmpty()) {
                    out.putNextEntry(new ZipEntry("lib/helpers.jar"));
                    out.write(jar(helpers));
                    out.closeEntry();
                }
                for (Path jar : libJars) {
                    out.putNextEntry(new ZipEntry("lib/" + jar.getFileName()));
                    out.write(Files.readAllBytes(jar));
                    out.closeEntry();
                }
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path jarOf(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path compile(String label, Map<String, String> sources, List<Path> extraClassPath) throws IOException {
        Path src = Files.createDirectories(dir.resolve(label + "-src"));
        Path out = Files.createDirectories(dir.resolve(label + "-classes"));
        if (sources.isEmpty()) {
            return out;
        }
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file.toString());
        }
        List<String> classPath = new ArrayList<>(List.of(
                jarOf(com.amazonaws.services.lambda.runtime.Context.class).toString(),
                jarOf(com.amazonaws.services.lambda.runtime.events.KinesisEvent.class)
                        .toString()));
        extraClassPath.forEach(p -> classPath.add(p.toString()));
        List<String> args = new ArrayList<>(List.of(
                "-d", out.toString(), "-cp", String.join(java.io.File.pathSeparator, classPath), "--release", "17"));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, System.err, args.toArray(new String[0])) != 0) {
            throw new IllegalStateException("the test's function did not compile: " + sources.keySet());
        }
        return out;
    }

    private static byte[] jar(Path classes) throws IOException {
        Path jar = Files.createTempFile("helpers", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            addTree(out, classes, "");
        }
        byte[] bytes = Files.readAllBytes(jar);
        Files.delete(jar);
        return bytes;
    }

    private static void addTree(ZipOutputStream out, Path root, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(
                        new ZipEntry(prefix + root.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
    }
}

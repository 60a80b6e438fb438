package io.streambot.core.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What goes into the zip: the function's own files at the root and the jars of {@code lib/}, with their names. */
final class BundleContents {
    private BundleContents() {}

    /** A file of the function's classes directory, by its name in the zip. */
    record RootFile(String name, Path file, long size) {}

    /** A jar of {@code lib/}: its name there, the dependency, and the file to copy (maybe stripped). */
    record LibJar(String name, BundleDependency dependency, Path file) {}

    static List<RootFile> rootFiles(Path classes) throws IOException {
        if (classes == null || !Files.isDirectory(classes)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(classes)) {
            List<RootFile> files = new ArrayList<>();
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = classes.relativize(p).toString().replace('\\', '/');
                files.add(new RootFile(name, p, Files.size(p)));
            }
            files.sort(Comparator.comparing(RootFile::name));
            return files;
        }
    }

    /** A reactor module resolved to its classes directory (a build that stops before package) becomes a jar. */
    static List<BundleDependency> jarred(List<BundleDependency> dependencies, BundleRequest request)
            throws IOException {
        List<BundleDependency> jars = new ArrayList<>(dependencies.size());
        for (BundleDependency d : dependencies) {
            if (Files.isDirectory(d.file())) {
                Path jar = request.workDirectory().resolve("modules").resolve(d.jarName());
                List<ReproducibleZip.Entry> entries = new ArrayList<>();
                for (RootFile f : rootFiles(d.file())) {
                    entries.add(ReproducibleZip.Entry.of(f.name(), () -> Files.newInputStream(f.file())));
                }
                new ReproducibleZip(request.timestamp()).write(entries, jar);
                jars.add(d.withClassifier(d.classifier(), jar));
            } else {
                jars.add(d);
            }
        }
        return jars;
    }

    /** {@code artifactId-version[-classifier].jar}, prefixed by the groupId where two would collide. */
    static Map<String, String> jarNames(List<BundleDependency> dependencies) {
        Map<String, Long> counts = dependencies.stream()
                .collect(Collectors.groupingBy(d -> d.jarName().toLowerCase(Locale.ROOT), Collectors.counting()));
        Map<String, String> names = new HashMap<>();
        for (BundleDependency d : dependencies) {
            boolean clash = counts.get(d.jarName().toLowerCase(Locale.ROOT)) > 1;
            names.put(d.coordinates(), clash ? d.groupId() + "." + d.jarName() : d.jarName());
        }
        return names;
    }
}

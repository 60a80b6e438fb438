package io.streambot.core.bundle;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.stack.FunctionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Turns a function's classes and runtime dependencies into the Lambda deployment zip: classes and
 * resources at the root, each dependency as a jar in {@code lib/}, native code made right for Linux on
 * the target architecture, reproducible to the byte, and skipped when nothing changed.
 */
public final class LambdaBundler {
    private static final String FINGERPRINT_FILE = "bundle.fingerprint";
    private static final String REPORT_FILE = "bundle-report.json";
    private static final byte[] RUNTIME_PACKAGE = "io/streambot/runtime/".getBytes(StandardCharsets.UTF_8);
    private static final int BIGGEST_JARS = 5;

    private final ArtifactResolver resolver;
    private final Events events;

    public LambdaBundler(ArtifactResolver resolver, Events events) {
        this.resolver = resolver;
        this.events = events;
    }

    /** Where the JSON report of a bundle goes. */
    public static Path reportFile(Path workDirectory) {
        return workDirectory.resolve(REPORT_FILE);
    }

    /**
     * Builds the zip, or keeps the previous one when no input changed.
     *
     * @return the report of the new zip, or empty when the previous zip was up to date (its report is still
     *     in {@link #reportFile})
     * @throws InvalidConfigurationException when a parameter is wrong (before anything is written)
     * @throws BundleException when the bundle would be wrong for Lambda (nothing is written)
     * @throws IOException when reading inputs, resolving artifacts or writing fails
     */
    public Optional<BundleReport> bundle(BundleRequest request) throws IOException {
        request.validate();
        NativeClassifierTable table = NativeClassifierTable.withUserRules(request.nativeMappings());
        Path fingerprintFile = request.workDirectory().resolve(FINGERPRINT_FILE);
        Path reportFile = reportFile(request.workDirectory());
        String fingerprint = fingerprint(request, table);
        if (upToDate(fingerprint, fingerprintFile, reportFile, request.zipFile())) {
            events.info("bundle is up to date: " + request.zipFile() + " (no input changed since the last bundle)");
            return Optional.empty();
        }
        Files.deleteIfExists(fingerprintFile);

        List<RootFile> rootFiles = rootFiles(request.classesDirectory());
        List<BundleDependency> dependencies = jarred(withRuntimeIfNeeded(request, rootFiles), request);
        NativeClassifierResolver.Resolution resolution =
                new NativeClassifierResolver(table, resolver).resolve(dependencies, request.architecture());

        ReproducibleZip zip = new ReproducibleZip(request.timestamp());
        NativeStripper stripper = new NativeStripper(request.architecture(), zip);
        List<String> violations = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        checkRootNatives(rootFiles, request.architecture(), violations);
        Map<String, String> jarNames = jarNames(resolution.dependencies());
        List<LibJar> libJars = new ArrayList<>();
        List<BundleReport.StrippedJar> stripped = new ArrayList<>();
        for (BundleDependency dependency : resolution.dependencies()) {
            String jarName = jarNames.get(dependency.coordinates());
            libJars.add(
                    nativesMadeRight(dependency, jarName, request, table, stripper, violations, warnings, stripped));
        }
        if (!violations.isEmpty()) {
            throw new BundleException(String.join("\n", violations));
        }
        checkHandlers(request, rootFiles, libJars);

        long unzipped = rootFiles.stream().mapToLong(RootFile::size).sum();
        for (LibJar jar : libJars) {
            unzipped += Files.size(jar.file());
        }
        if (unzipped > request.maxUnzippedBytes()) {
            throw new BundleException(
                    "the bundle would be " + unzipped + " bytes unzipped, above the limit of "
                            + request.maxUnzippedBytes()
                            + " bytes (<maxUnzippedBytes>, -Dstreambot.bundle.maxUnzippedBytes;"
                            + " Lambda allows " + BundleRequest.LAMBDA_UNZIPPED_LIMIT + "): biggest jars "
                            + biggest(libJars).stream()
                                    .map(j -> j.jar() + " (" + mb(j.bytes()) + ")")
                                    .collect(Collectors.joining(", "))
                            + "; exclude what the function does not use, or ship the rest as a Lambda layer or container image");
        }
        if (unzipped > request.warnUnzippedBytes()) {
            warnings.add("the bundle is " + mb(unzipped) + " unzipped, near Lambda's limit of "
                    + mb(BundleRequest.LAMBDA_UNZIPPED_LIMIT) + " (layers count too)");
        }

        List<ReproducibleZip.Entry> entries = new ArrayList<>();
        for (RootFile f : rootFiles) {
            entries.add(ReproducibleZip.Entry.of(f.name(), () -> Files.newInputStream(f.file())));
        }
        for (LibJar jar : libJars) {
            entries.add(ReproducibleZip.Entry.of("lib/" + jar.name(), () -> Files.newInputStream(jar.file())));
        }
        ReproducibleZip.Result written = zip.write(entries, request.zipFile());
        if (written.zipBytes() > request.warnZippedBytes()) {
            warnings.add("the zip is " + mb(written.zipBytes()) + ", above the " + mb(request.warnZippedBytes())
                    + " a direct upload accepts: deploy it through S3 (streambot:upload does)");
        }
        BundleReport report = new BundleReport(
                request.zipFile().toString(),
                request.architecture().lambdaName(),
                written.files() + written.directories(),
                written.zipBytes(),
                written.uncompressedBytes(),
                biggest(libJars),
                resolution.swaps(),
                List.copyOf(stripped),
                stripped.stream()
                        .mapToLong(BundleReport.StrippedJar::bytesRemoved)
                        .sum(),
                request.handler(),
                List.copyOf(warnings));
        report.write(reportFile);
        Files.writeString(fingerprintFile, fingerprint + "\n" + zipStamp(request.zipFile()) + "\n");
        summarize(report, reportFile);
        return Optional.of(report);
    }

    private record RootFile(String name, Path file, long size) {}

    private record LibJar(String name, BundleDependency dependency, Path file) {}

    private static List<RootFile> rootFiles(Path classes) throws IOException {
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
    private static List<BundleDependency> jarred(List<BundleDependency> dependencies, BundleRequest request)
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

    private List<BundleDependency> withRuntimeIfNeeded(BundleRequest request, List<RootFile> rootFiles)
            throws IOException {
        List<BundleDependency> dependencies = request.dependencies();
        String runtimeKey = BundleRequest.RUNTIME_GROUP_ID + ":" + BundleRequest.RUNTIME_ARTIFACT_ID;
        boolean present = dependencies.stream().anyMatch(d -> d.key().equals(runtimeKey));
        boolean wanted =
                switch (request.includeRuntime()) {
                    case NEVER -> false;
                    case ALWAYS -> true;
                    case AUTO -> usesRuntime(request, rootFiles);
                };
        if (!wanted || present) {
            return dependencies;
        }
        Set<String> have = dependencies.stream().map(BundleDependency::key).collect(Collectors.toSet());
        List<BundleDependency> all = new ArrayList<>(dependencies);
        for (BundleDependency d : resolver.resolveWithDependencies(
                BundleRequest.RUNTIME_GROUP_ID, BundleRequest.RUNTIME_ARTIFACT_ID, request.runtimeVersion())) {
            if (have.add(d.key())) {
                all.add(d);
            }
        }
        events.info("Adding " + runtimeKey + ":" + request.runtimeVersion() + " to lib/: the function uses it");
        return all;
    }

    private static boolean usesRuntime(BundleRequest request, List<RootFile> rootFiles) throws IOException {
        if (request.handlers().stream().anyMatch(h -> h.startsWith("io.streambot.runtime."))) {
            return true;
        }
        for (RootFile f : rootFiles) {
            if (f.name().endsWith(".class") && contains(Files.readAllBytes(f.file()), RUNTIME_PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** {@code artifactId-version[-classifier].jar}, prefixed by the groupId where two would collide. */
    private static Map<String, String> jarNames(List<BundleDependency> dependencies) {
        Map<String, Long> counts = dependencies.stream()
                .collect(Collectors.groupingBy(d -> d.jarName().toLowerCase(Locale.ROOT), Collectors.counting()));
        Map<String, String> names = new HashMap<>();
        for (BundleDependency d : dependencies) {
            boolean clash = counts.get(d.jarName().toLowerCase(Locale.ROOT)) > 1;
            names.put(d.coordinates(), clash ? d.groupId() + "." + d.jarName() : d.jarName());
        }
        return names;
    }

    private static void checkRootNatives(List<RootFile> rootFiles, Architecture target, List<String> violations)
            throws IOException {
        for (RootFile f : rootFiles) {
            if (NativeLibraryScanner.isNativeLibraryName(f.name())) {
                byte[] head;
                try (InputStream in = Files.newInputStream(f.file())) {
                    head = in.readNBytes(NativeLibraryScanner.HEADER_BYTES);
                }
                NativePlatform platform = NativeLibraryScanner.identify(f.name(), head);
                if (!platform.runsOn(target)) {
                    violations.add("the function's own " + f.name() + " is a native library for " + platform
                            + ", but the function runs on linux " + target.nativeName()
                            + ": remove it from the project's resources or build it for linux " + target.nativeName());
                }
            }
        }
    }

    private LibJar nativesMadeRight(
            BundleDependency dependency,
            String jarName,
            BundleRequest request,
            NativeClassifierTable table,
            NativeStripper stripper,
            List<String> violations,
            List<String> warnings,
            List<BundleReport.StrippedJar> stripped)
            throws IOException {
        List<NativeStripper.NativeLibrary> natives = stripper.scan(dependency.file());
        Optional<NativeArtifactRule> rule = table.ruleFor(dependency.key());
        if (natives.isEmpty() && rule.isEmpty()) {
            return new LibJar(jarName, dependency, dependency.file());
        }
        Architecture target = request.architecture();
        List<NativeStripper.NativeLibrary> foreign =
                natives.stream().filter(n -> !stripper.runsOnTarget(n)).toList();
        long forTarget = natives.size() - foreign.size();
        Path file = dependency.file();
        if (!foreign.isEmpty() && request.stripForeignNatives()) {
            file = request.workDirectory().resolve("stripped").resolve(jarName);
            long bytes = stripper.rewriteWithout(dependency.file(), foreign, file);
            stripped.add(new BundleReport.StrippedJar(jarName, dependency.coordinates(), foreign.size(), bytes));
        } else {
            for (NativeStripper.NativeLibrary n : foreign) {
                violations.add("lib/" + jarName + " (" + dependency.coordinates() + ") carries " + n.entry()
                        + ", a native library for " + n.platform() + ", but the function runs on linux "
                        + target.nativeName() + ": " + leftForeignFix(dependency, rule, target));
            }
        }
        if (forTarget == 0) {
            String found = natives.isEmpty()
                    ? "it has none"
                    : "it carries only "
                            + natives.stream()
                                    .map(n -> n.platform() + " (" + n.entry() + ")")
                                    .distinct()
                                    .collect(Collectors.joining(", "));
            if (rule.isPresent()) {
                violations.add(dependency.coordinates() + " needs a native library for linux " + target.nativeName()
                        + " and lib/" + jarName + " has none: " + found + ". "
                        + missingNativeFix(dependency, rule.get(), target));
            } else if (request.stripForeignNatives()) {
                warnings.add("lib/" + jarName + " (" + dependency.coordinates() + ") has no native library for linux "
                        + target.nativeName() + " (" + found + "): code that loads one will fail on Lambda");
            }
        }
        return new LibJar(jarName, dependency, file);
    }

    private static String leftForeignFix(
            BundleDependency dependency, Optional<NativeArtifactRule> rule, Architecture target) {
        if (rule.isPresent()
                && rule.get().source().startsWith("<")
                && rule.get().classifierFor(target) != null) {
            return "the <nativeMappings> entry for " + dependency.key() + " picks '"
                    + rule.get().classifierFor(target)
                    + "' for " + target.lambdaName() + ": set <" + target.lambdaName()
                    + "> to the classifier built for linux " + target.nativeName();
        }
        return "turn <stripForeignNatives> (-Dstreambot.stripForeignNatives) back on, or exclude " + dependency.key()
                + " if the function does not use it";
    }

    private static String missingNativeFix(BundleDependency dependency, NativeArtifactRule rule, Architecture target) {
        String classifier = rule.classifierFor(target);
        if (rule.source().startsWith("<")) {
            return "The <nativeMappings> entry for " + dependency.key() + " picks "
                    + (classifier == null ? "no classifier" : "'" + classifier + "'") + " for "
                    + target.lambdaName() + ": set <" + target.lambdaName() + "> to the classifier built for linux "
                    + target.nativeName();
        }
        return "Use a version of " + dependency.key() + " built for linux " + target.nativeName()
                + ", or add a <nativeMapping> for it with the classifier that is";
    }

    private void checkHandlers(BundleRequest request, List<RootFile> rootFiles, List<LibJar> libJars)
            throws IOException {
        if (request.handler() != null) {
            checkHandler(request.handler(), "<handler>", "streambot.handler", "", rootFiles, libJars);
        }
        for (FunctionHandler declared : request.templateHandlers()) {
            checkHandler(
                    declared.handler(),
                    declared.source(),
                    null,
                    " (or set <handler> to this bundle's own handler when " + declared.logicalId()
                            + " runs the code of another bundle)",
                    rootFiles,
                    libJars);
        }
        if (!request.templateHandlers().isEmpty()) {
            events.info("Checked the handlers of "
                    + request.templateHandlers().get(0).template() + " against the bundle: "
                    + request.templateHandlers().stream()
                            .map(FunctionHandler::toString)
                            .collect(Collectors.joining(", ")));
        }
    }

    /** Fails unless the handler's class is in the bundle with the method, its own or inherited. */
    private static void checkHandler(
            String handler,
            String element,
            String property,
            String missingClassFixSuffix,
            List<RootFile> rootFiles,
            List<LibJar> libJars)
            throws IOException {
        String className = BundleRequest.handlerClass(handler);
        String method = BundleRequest.handlerMethod(handler);
        String internal = className.replace('.', '/');
        String current = internal;
        Set<String> seen = new LinkedHashSet<>();
        while (current != null && seen.add(current)) {
            byte[] classFile = findClass(current, rootFiles, libJars);
            if (classFile == null) {
                if (current.equals(internal)) {
                    throw new InvalidConfigurationException(
                            element,
                            property,
                            handler,
                            "names a class that is not in the bundle",
                            "check the class name (package included) against src/main/java, or add the dependency"
                                    + " that holds " + className + missingClassFixSuffix);
                }
                break;
            }
            ClassFileInspector.ClassInfo info = ClassFileInspector.read(classFile);
            if (info.methodNames().contains(method)) {
                return;
            }
            current = info.superName();
        }
        throw new InvalidConfigurationException(
                element,
                property,
                handler,
                "names a method that " + className + " does not have",
                "name a public method of " + className + " (Lambda calls handleRequest when only the class is given)");
    }

    private static byte[] findClass(String internalName, List<RootFile> rootFiles, List<LibJar> libJars)
            throws IOException {
        String entry = internalName + ".class";
        for (RootFile f : rootFiles) {
            if (f.name().equals(entry)) {
                return Files.readAllBytes(f.file());
            }
        }
        for (LibJar jar : libJars) {
            try (ZipFile zf = new ZipFile(jar.file().toFile())) {
                ZipEntry e = zf.getEntry(entry);
                if (e != null) {
                    try (InputStream in = zf.getInputStream(e)) {
                        return in.readAllBytes();
                    }
                }
            }
        }
        return null;
    }

    private static List<BundleReport.JarSize> biggest(List<LibJar> libJars) throws IOException {
        List<BundleReport.JarSize> sizes = new ArrayList<>();
        for (LibJar jar : libJars) {
            sizes.add(new BundleReport.JarSize(jar.name(), Files.size(jar.file())));
        }
        sizes.sort(Comparator.comparingLong(BundleReport.JarSize::bytes)
                .reversed()
                .thenComparing(BundleReport.JarSize::jar));
        return List.copyOf(sizes.subList(0, Math.min(BIGGEST_JARS, sizes.size())));
    }

    private String fingerprint(BundleRequest request, NativeClassifierTable table) throws IOException {
        MessageDigest digest = sha256();
        StringBuilder parameters = new StringBuilder()
                .append("architecture=")
                .append(request.architecture())
                .append('\n')
                .append("strip=")
                .append(request.stripForeignNatives())
                .append('\n')
                .append("handler=")
                .append(request.handler())
                .append('\n')
                .append("templateHandlers=")
                .append(request.templateHandlers())
                .append('\n')
                .append("runtime=")
                .append(request.includeRuntime())
                .append(':')
                .append(request.runtimeVersion())
                .append('\n')
                .append("timestamp=")
                .append(request.timestamp())
                .append('\n')
                .append("limits=")
                .append(request.maxUnzippedBytes())
                .append(',')
                .append(request.warnUnzippedBytes())
                .append(',')
                .append(request.warnZippedBytes())
                .append('\n')
                .append("zip=")
                .append(request.zipFile().toAbsolutePath())
                .append('\n')
                .append(table.fingerprintText());
        digest.update(parameters.toString().getBytes(StandardCharsets.UTF_8));
        for (RootFile f : rootFiles(request.classesDirectory())) {
            digest.update(("root:" + f.name() + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(sha256(f.file()).getBytes(StandardCharsets.UTF_8));
        }
        // Repository files never change in place: their path, size and time stand for their content.
        for (BundleDependency d : request.dependencies()) {
            if (Files.isDirectory(d.file())) {
                for (RootFile f : rootFiles(d.file())) {
                    digest.update(
                            ("module:" + d.coordinates() + ":" + f.name() + "\n").getBytes(StandardCharsets.UTF_8));
                    digest.update(sha256(f.file()).getBytes(StandardCharsets.UTF_8));
                }
                continue;
            }
            digest.update(("lib:" + d.coordinates() + "=" + d.file().toAbsolutePath() + ":" + Files.size(d.file()) + "@"
                            + Files.getLastModifiedTime(d.file()).toMillis() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean upToDate(String fingerprint, Path fingerprintFile, Path reportFile, Path zip)
            throws IOException {
        if (!Files.isRegularFile(fingerprintFile) || !Files.isRegularFile(zip) || !Files.isRegularFile(reportFile)) {
            return false;
        }
        List<String> lines = Files.readAllLines(fingerprintFile);
        return lines.size() >= 2
                && lines.get(0).equals(fingerprint)
                && lines.get(1).equals(zipStamp(zip));
    }

    /** The zip as written (size and time): a zip replaced or touched by hand is rebuilt. */
    private static String zipStamp(Path zip) throws IOException {
        return Files.size(zip) + "@" + Files.getLastModifiedTime(zip).toMillis();
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void summarize(BundleReport r, Path reportFile) {
        events.info(String.format(
                Locale.ROOT,
                "Bundled %s for linux %s: %d entries, %s zipped, %s unzipped (%.0f%% of Lambda's limit)",
                r.zip(),
                r.architecture(),
                r.entries(),
                mb(r.zippedBytes()),
                mb(r.unzippedBytes()),
                100.0 * r.unzippedBytes() / BundleRequest.LAMBDA_UNZIPPED_LIMIT));
        if (!r.biggestJars().isEmpty()) {
            events.info("Biggest jars: "
                    + r.biggestJars().stream()
                            .map(j -> j.jar() + " (" + mb(j.bytes()) + ")")
                            .collect(Collectors.joining(", ")));
        }
        for (String swap : r.classifierSwaps()) {
            events.info("Native classifier swapped: " + swap);
        }
        for (BundleReport.StrippedJar s : r.stripped()) {
            events.info("Stripped " + s.librariesRemoved() + " native libraries for other platforms ("
                    + mb(s.bytesRemoved()) + ") from lib/" + s.jar());
        }
        for (String warning : r.warnings()) {
            events.warn(warning);
        }
        events.info("Bundle report: " + reportFile);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}

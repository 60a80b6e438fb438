package io.streambot.core.bundle;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.bundle.BundleContents.LibJar;
import io.streambot.core.bundle.BundleContents.RootFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a function's classes and runtime dependencies into the Lambda deployment zip: classes and
 * resources at the root, each dependency as a jar in {@code lib/}, native code made right for Linux on
 * the target architecture, reproducible to the byte, and skipped when nothing changed. Each step is a
 * class of its own ({@link BundleFingerprint}, {@link RuntimeLibrary}, {@link NativeClassifierResolver},
 * {@link NativeCheck}, {@link HandlerCheck}, {@link ReproducibleZip}, {@link BundleSummary}); this class
 * runs them in order.
 */
public final class LambdaBundler {
    private static final String FINGERPRINT_FILE = "bundle.fingerprint";
    private static final String REPORT_FILE = "bundle-report.json";

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
        String fingerprint = BundleFingerprint.of(request, table);
        Path layerReportFile = LayerReport.file(request.workDirectory());
        if (BundleFingerprint.upToDate(
                fingerprint, fingerprintFile, reportFile, request.zipFile(), request.layerZipFile(), layerReportFile)) {
            events.info("bundle is up to date: " + request.zipFile()
                    + (request.layerZipFile() == null ? "" : " and its layer " + request.layerZipFile())
                    + " (no input changed since the last bundle)");
            return Optional.empty();
        }
        Files.deleteIfExists(fingerprintFile);
        Files.deleteIfExists(layerReportFile); // a bundle without a layer leaves no layer report for deploy-stack

        List<RootFile> rootFiles = BundleContents.rootFiles(request.classesDirectory());
        List<BundleDependency> dependencies =
                BundleContents.jarred(new RuntimeLibrary(resolver, events).addIfUsed(request, rootFiles), request);
        NativeClassifierResolver.Resolution resolution =
                new NativeClassifierResolver(table, resolver).resolve(dependencies, request.architecture());
        List<String> warnings = new ArrayList<>();
        List<BundleReport.StrippedJar> stripped = new ArrayList<>();
        List<LibJar> libJars = nativesMadeRight(request, table, rootFiles, resolution, warnings, stripped);
        new HandlerCheck(events).check(request, rootFiles, libJars);
        checkSize(request, rootFiles, libJars, warnings);

        ReproducibleZip.Result written = zip(request, rootFiles, request.layerZipFile() == null ? libJars : List.of());
        LayerReport layer = request.layerZipFile() == null ? null : LayerZip.write(request, libJars);
        if (written.zipBytes() > request.warnZippedBytes()) {
            warnings.add("the zip is " + BundleSummary.mb(written.zipBytes()) + ", above the "
                    + BundleSummary.mb(request.warnZippedBytes())
                    + " a direct upload accepts: deploy it through S3 (streambot:upload does)");
        }
        BundleReport report = new BundleReport(
                request.zipFile().toString(),
                request.architecture().lambdaName(),
                written.files() + written.directories(),
                written.zipBytes(),
                written.uncompressedBytes(),
                BundleSummary.biggest(libJars),
                resolution.swaps(),
                List.copyOf(stripped),
                stripped.stream()
                        .mapToLong(BundleReport.StrippedJar::bytesRemoved)
                        .sum(),
                request.handler(),
                List.copyOf(warnings));
        report.write(reportFile);
        if (layer != null) {
            layer.write(layerReportFile);
        }
        Files.writeString(
                fingerprintFile,
                fingerprint + "\n" + BundleFingerprint.zipStamp(request.zipFile()) + "\n"
                        + (layer == null ? "" : BundleFingerprint.zipStamp(request.layerZipFile()) + "\n"));
        new BundleSummary(events).show(report, reportFile);
        if (layer != null) {
            new BundleSummary(events).showLayer(layer);
        }
        return Optional.of(report);
    }

    /** Each jar of lib/ with native code right for the target; every violation at once, before anything is written. */
    private static List<LibJar> nativesMadeRight(
            BundleRequest request,
            NativeClassifierTable table,
            List<RootFile> rootFiles,
            NativeClassifierResolver.Resolution resolution,
            List<String> warnings,
            List<BundleReport.StrippedJar> stripped)
            throws IOException {
        NativeStripper stripper = new NativeStripper(request.architecture(), new ReproducibleZip(request.timestamp()));
        List<String> violations = new ArrayList<>();
        NativeCheck.checkRootNatives(rootFiles, request.architecture(), violations);
        Map<String, String> jarNames = BundleContents.jarNames(resolution.dependencies());
        List<LibJar> libJars = new ArrayList<>();
        for (BundleDependency dependency : resolution.dependencies()) {
            libJars.add(NativeCheck.nativesMadeRight(
                    dependency,
                    jarNames.get(dependency.coordinates()),
                    request,
                    table,
                    stripper,
                    violations,
                    warnings,
                    stripped));
        }
        if (!violations.isEmpty()) {
            throw new BundleException(String.join("\n", violations));
        }
        return libJars;
    }

    /** Fails above {@code maxUnzippedBytes}, warns above {@code warnUnzippedBytes}. */
    private static void checkSize(
            BundleRequest request, List<RootFile> rootFiles, List<LibJar> libJars, List<String> warnings)
            throws IOException {
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
                            + BundleSummary.biggest(libJars).stream()
                                    .map(j -> j.jar() + " (" + BundleSummary.mb(j.bytes()) + ")")
                                    .collect(Collectors.joining(", "))
                            + "; exclude what the function does not use, or ship the rest as a Lambda layer or container image");
        }
        if (unzipped > request.warnUnzippedBytes()) {
            warnings.add("the bundle is " + BundleSummary.mb(unzipped) + " unzipped, near Lambda's limit of "
                    + BundleSummary.mb(BundleRequest.LAMBDA_UNZIPPED_LIMIT) + " (layers count too)");
        }
    }

    /** The zip itself: root files, then lib/. */
    private static ReproducibleZip.Result zip(BundleRequest request, List<RootFile> rootFiles, List<LibJar> libJars)
            throws IOException {
        List<ReproducibleZip.Entry> entries = new ArrayList<>();
        for (RootFile f : rootFiles) {
            entries.add(ReproducibleZip.Entry.of(f.name(), () -> Files.newInputStream(f.file())));
        }
        for (LibJar jar : libJars) {
            entries.add(ReproducibleZip.Entry.of("lib/" + jar.name(), () -> Files.newInputStream(jar.file())));
        }
        return new ReproducibleZip(request.timestamp()).write(entries, request.zipFile());
    }
}

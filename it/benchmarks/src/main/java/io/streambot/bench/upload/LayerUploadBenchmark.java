package io.streambot.bench.upload;

import io.streambot.bench.Benchmark;
import io.streambot.core.Events;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.aws.AwsSettings;
import io.streambot.core.bundle.Architecture;
import io.streambot.core.bundle.ArtifactResolver;
import io.streambot.core.bundle.BundleDependency;
import io.streambot.core.bundle.BundleRequest;
import io.streambot.core.bundle.LambdaBundler;
import io.streambot.core.bundle.ReproducibleZip;
import io.streambot.core.upload.ContentAddressedUpload;
import io.streambot.core.upload.UploadRequest;
import io.streambot.testkit.CountingHttpProxy;
import io.streambot.testkit.LocalS3;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.regions.Region;

/**
 * Issue 12's row: the bytes {@code upload} sends for a one-line code change, with and without the shared
 * dependency layer. One function (this module's own compiled classes as its code, the AWS SDK's S3 client
 * jars from the class path as its dependencies) is bundled and uploaded to S3Mock through a counting proxy,
 * one line of its resources changes, and it is bundled and uploaded again: once with {@code lib/} in the
 * function zip, once with {@code <layer>true</layer>}, side by side in one run.
 */
public final class LayerUploadBenchmark implements Benchmark {
    private static final double KB = 1024;

    @Override
    public String name() {
        return "layer";
    }

    @Override
    public String description() {
        return "bundle + upload of one function (the SDK's S3 client jars as dependencies) to S3Mock, then a one-line"
                + " change in its resources, bundle + upload again: request-body bytes the server sees for the"
                + " change, without and with the shared dependency layer (<layer>true</layer>).";
    }

    @Override
    public List<Row> run() throws Exception {
        LocalS3 s3 = LocalS3.get();
        URI endpoint = s3.endpoint().orElseThrow(() -> new IllegalStateException("needs a local S3 endpoint"));
        Path work = Files.createDirectories(Path.of("target", "bench-layer"));
        List<BundleDependency> dependencies = sdkJars();
        if (dependencies.isEmpty()) {
            throw new IllegalStateException("no SDK jars on the class path to bundle as dependencies");
        }
        long libBytes = 0;
        for (BundleDependency d : dependencies) {
            libBytes += Files.size(d.file());
        }
        try {
            Round without = round(work.resolve("without"), dependencies, false, s3, endpoint);
            Round with = round(work.resolve("with"), dependencies, true, s3, endpoint);
            String jars = dependencies.size() + " jars, " + String.format("%.1f", libBytes / KB / KB) + " MB";
            List<Row> rows = new ArrayList<>();
            rows.add(new Row(
                    "first upload",
                    "lib/ in the function zip",
                    without.firstBytes / KB,
                    "KB",
                    1.0,
                    "baseline; dependencies: " + jars));
            rows.add(new Row(
                    "first upload",
                    "shared layer (function zip + layer zip)",
                    with.firstBytes / KB,
                    "KB",
                    with.firstBytes / (double) without.firstBytes,
                    "two objects"));
            rows.add(new Row(
                    "one-line change",
                    "lib/ in the function zip",
                    without.changeBytes / KB,
                    "KB",
                    1.0,
                    "baseline: the whole zip again"));
            rows.add(new Row(
                    "one-line change",
                    "shared layer",
                    with.changeBytes / KB,
                    "KB",
                    with.changeBytes / (double) without.changeBytes,
                    String.format(
                            java.util.Locale.ROOT,
                            "%.4fx: the function zip only; the layer costs one HeadObject, 0 bytes (%d requests)",
                            with.changeBytes / (double) without.changeBytes,
                            with.changeRequests)));
            return rows;
        } finally {
            deleteTree(work);
        }
    }

    /** Bytes sent by a first bundle+upload and by the one after a one-line change. */
    private record Round(long firstBytes, long changeBytes, int changeRequests) {}

    private static Round round(Path dir, List<BundleDependency> dependencies, boolean layer, LocalS3 s3, URI endpoint)
            throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        copyTree(Path.of("target", "classes", "io", "streambot", "bench"), classes.resolve("fn"));
        Path resource = classes.resolve("application.properties");
        Files.writeString(resource, "greeting=hello\nlimit=10\n");
        String bucket = s3.createBucket("bench-layer-" + (layer ? "with" : "without"));
        LambdaBundler bundler = new LambdaBundler(ArtifactResolver.none(), Events.silent());
        try (CountingHttpProxy proxy = CountingHttpProxy.forwardingTo(endpoint);
                AwsClientFactory aws = new AwsClientFactory(
                        new AwsSettings(Region.US_EAST_1.id(), null, proxy.endpoint(), null, null))) {
            ContentAddressedUpload upload = new ContentAddressedUpload(aws.s3(), Events.silent());
            bundleAndUpload(bundler, upload, request(dir, classes, dependencies, layer), bucket);
            long first = proxy.bodyBytes();
            proxy.reset();

            Files.writeString(resource, "greeting=hello\nlimit=20\n"); // the one-line change
            bundleAndUpload(bundler, upload, request(dir, classes, dependencies, layer), bucket);
            return new Round(first, proxy.bodyBytes(), proxy.requests().size());
        }
    }

    private static void bundleAndUpload(
            LambdaBundler bundler, ContentAddressedUpload upload, BundleRequest request, String bucket)
            throws IOException {
        if (bundler.bundle(request).isEmpty()) {
            throw new IllegalStateException("the bundle did not see the change");
        }
        UploadRequest code = UploadRequest.of(request.zipFile(), bucket, "bench", "fn");
        upload.upload(code);
        if (request.layerZipFile() != null) {
            upload.upload(code.withFile(request.layerZipFile(), UploadRequest.LAYERS), false, "the layer");
        }
    }

    private static BundleRequest request(Path dir, Path classes, List<BundleDependency> deps, boolean layer) {
        BundleRequest request = new BundleRequest(
                classes,
                deps,
                Architecture.X86_64,
                true,
                List.of(),
                null,
                BundleRequest.RuntimeInclusion.NEVER,
                null,
                dir.resolve("fn-lambda.zip"),
                dir.resolve("streambot"),
                ReproducibleZip.DEFAULT_TIMESTAMP,
                BundleRequest.LAMBDA_UNZIPPED_LIMIT,
                BundleRequest.LAMBDA_UNZIPPED_LIMIT,
                BundleRequest.LAMBDA_DIRECT_UPLOAD_LIMIT,
                List.of());
        return layer ? request.withLayer(dir.resolve("fn-layer.zip")) : request;
    }

    /** The S3 client's jars on this JVM's class path, as a function using S3 would depend on them. */
    private static List<BundleDependency> sdkJars() {
        List<BundleDependency> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            // <repository>/software/amazon/awssdk/<artifactId>/<version>/<artifactId>-<version>.jar
            if (!entry.endsWith(".jar") || !entry.contains("software" + File.separator + "amazon")) {
                continue;
            }
            Path versionDir = jar.getParent();
            Path artifactDir = versionDir.getParent();
            String artifactId = artifactDir.getFileName().toString();
            if (artifactId.contains("netty") || artifactId.contains("crt")) {
                continue; // native code: not what this row measures
            }
            jars.add(new BundleDependency(
                    artifactDir.getParent().getFileName().toString(),
                    artifactId,
                    versionDir.getFileName().toString(),
                    "",
                    jar));
        }
        jars.sort(Comparator.comparing(BundleDependency::coordinates));
        return jars;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}

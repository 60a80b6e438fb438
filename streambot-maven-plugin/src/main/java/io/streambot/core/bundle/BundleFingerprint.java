package io.streambot.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a bundle was built from (parameters, the function's files, the dependencies), as one SHA-256,
 * and the zip it gave: when both still match, the previous zip is kept.
 */
final class BundleFingerprint {
    private BundleFingerprint() {}

    static String of(BundleRequest request, NativeClassifierTable table) throws IOException {
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
                .append("layer=")
                .append(
                        request.layerZipFile() == null
                                ? ""
                                : request.layerZipFile().toAbsolutePath())
                .append('\n')
                .append(table.fingerprintText());
        digest.update(parameters.toString().getBytes(StandardCharsets.UTF_8));
        for (BundleContents.RootFile f : BundleContents.rootFiles(request.classesDirectory())) {
            digest.update(("root:" + f.name() + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(sha256(f.file()).getBytes(StandardCharsets.UTF_8));
        }
        // Repository files never change in place: their path, size and time stand for their content.
        for (BundleDependency d : request.dependencies()) {
            if (Files.isDirectory(d.file())) {
                for (BundleContents.RootFile f : BundleContents.rootFiles(d.file())) {
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

    /**
     * True when the fingerprint matches and the zip (and the layer zip, when {@code layerZip} is set) are
     * still the ones written with it.
     */
    static boolean upToDate(
            String fingerprint, Path fingerprintFile, Path reportFile, Path zip, Path layerZip, Path layerReport)
            throws IOException {
        if (!Files.isRegularFile(fingerprintFile) || !Files.isRegularFile(zip) || !Files.isRegularFile(reportFile)) {
            return false;
        }
        if (layerZip != null && (!Files.isRegularFile(layerZip) || !Files.isRegularFile(layerReport))) {
            return false;
        }
        List<String> lines = Files.readAllLines(fingerprintFile);
        return lines.size() >= (layerZip == null ? 2 : 3)
                && lines.get(0).equals(fingerprint)
                && lines.get(1).equals(zipStamp(zip))
                && (layerZip == null || lines.get(2).equals(zipStamp(layerZip)));
    }

    /** The zip as written (size and time): a zip replaced or touched by hand is rebuilt. */
    static String zipStamp(Path zip) throws IOException {
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

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

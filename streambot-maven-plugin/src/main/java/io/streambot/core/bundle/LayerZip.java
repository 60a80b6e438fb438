package io.streambot.core.bundle;

import io.streambot.core.bundle.BundleContents.LibJar;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The dependency layer of a bundle: the jars of {@code lib/} as {@code java/lib/*.jar}, Lambda's Java layer
 * layout (the runtime puts {@code /opt/java/lib} on the class path), written by {@link ReproducibleZip} so
 * the same jars give the same bytes, hence the same SHA-256 and S3 key, in any time zone and module.
 */
final class LayerZip {
    private LayerZip() {}

    static LayerReport write(BundleRequest request, List<LibJar> libJars) throws IOException {
        List<ReproducibleZip.Entry> entries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (LibJar jar : libJars) {
            entries.add(ReproducibleZip.Entry.of(
                    LayerReport.LIB_DIRECTORY + jar.name(), () -> Files.newInputStream(jar.file())));
            names.add(jar.name());
        }
        names.sort(null);
        ReproducibleZip.Result written =
                new ReproducibleZip(request.timestamp()).write(entries, request.layerZipFile());
        return new LayerReport(
                request.layerZipFile().toString(),
                BundleFingerprint.sha256(request.layerZipFile()),
                request.architecture().lambdaName(),
                written.files() + written.directories(),
                written.zipBytes(),
                written.uncompressedBytes(),
                names);
    }
}

package io.streambot.core.bundle;

import io.streambot.core.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The build log's account of a bundle: sizes, biggest jars, swaps, strips and warnings. */
final class BundleSummary {
    private static final int BIGGEST_JARS = 5;

    private final Events events;

    BundleSummary(Events events) {
        this.events = events;
    }

    static List<BundleReport.JarSize> biggest(List<BundleContents.LibJar> libJars) throws IOException {
        List<BundleReport.JarSize> sizes = new ArrayList<>();
        for (BundleContents.LibJar jar : libJars) {
            sizes.add(new BundleReport.JarSize(jar.name(), Files.size(jar.file())));
        }
        sizes.sort(Comparator.comparingLong(BundleReport.JarSize::bytes)
                .reversed()
                .thenComparing(BundleReport.JarSize::jar));
        return List.copyOf(sizes.subList(0, Math.min(BIGGEST_JARS, sizes.size())));
    }

    void show(BundleReport r, Path reportFile) {
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

    void showLayer(LayerReport layer) {
        events.info(String.format(
                Locale.ROOT,
                "Layer %s: %d jars in java/lib/, %s zipped, %s unzipped, sha256 %s",
                layer.zip(),
                layer.jars().size(),
                mb(layer.zippedBytes()),
                mb(layer.unzippedBytes()),
                layer.sha256()));
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}

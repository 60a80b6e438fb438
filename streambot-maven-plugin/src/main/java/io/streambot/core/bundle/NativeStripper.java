package io.streambot.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the native libraries inside a jar and, on request, rewrites the jar without the ones that
 * cannot run on the target (reproducibly: same entries, same bytes, whatever the machine).
 */
public final class NativeStripper {
    private final Architecture target;
    private final ReproducibleZip zip;

    public NativeStripper(Architecture target, ReproducibleZip zip) {
        this.target = target;
        this.zip = zip;
    }

    /** One native library found in a jar. */
    public record NativeLibrary(String entry, NativePlatform platform, long size) {}

    /** Every native library of the jar, with the platform read from its header. */
    public List<NativeLibrary> scan(Path jar) throws IOException {
        List<NativeLibrary> natives = new ArrayList<>();
        try (ZipFile zf = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zf.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.isDirectory() && NativeLibraryScanner.isNativeLibraryName(e.getName())) {
                    byte[] head;
                    try (InputStream in = zf.getInputStream(e)) {
                        head = in.readNBytes(NativeLibraryScanner.HEADER_BYTES);
                    }
                    natives.add(new NativeLibrary(
                            e.getName(), NativeLibraryScanner.identify(e.getName(), head), e.getSize()));
                }
            }
        }
        return natives;
    }

    /** Whether Lambda on the target can load it. */
    public boolean runsOnTarget(NativeLibrary library) {
        return library.platform().runsOn(target);
    }

    /**
     * Writes {@code jar} without the given native libraries to {@code out}.
     *
     * @return the uncompressed bytes removed
     */
    public long rewriteWithout(Path jar, List<NativeLibrary> remove, Path out) throws IOException {
        Set<String> removed = new HashSet<>();
        long bytes = 0;
        for (NativeLibrary n : remove) {
            removed.add(n.entry());
            bytes += n.size();
        }
        try (ZipFile zf = new ZipFile(jar.toFile())) {
            List<ReproducibleZip.Entry> kept = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zf.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.isDirectory() && !removed.contains(e.getName())) {
                    kept.add(ReproducibleZip.Entry.of(e.getName(), () -> zf.getInputStream(e)));
                }
            }
            zip.write(kept, out);
        }
        return bytes;
    }
}

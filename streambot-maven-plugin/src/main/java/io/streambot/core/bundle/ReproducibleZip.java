package io.streambot.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.codehaus.plexus.archiver.ArchiverException;
import org.codehaus.plexus.archiver.zip.ZipArchiver;
import org.codehaus.plexus.components.io.resources.AbstractPlexusIoResource;

/**
 * Writes a zip whose bytes depend on nothing but its entries' names and contents, with plexus-archiver
 * (what maven-jar and maven-assembly use) in its reproducible-build mode: entries sorted (the manifest,
 * then the directories, generated from the names, then the files), one fixed time whose MS-DOS fields hold the UTC wall time (so the machine's
 * time zone never leaks in), Unix modes 0755 for directories and 0644 for files (0755 for files marked
 * executable), no extra fields, and no build-time data. Entries that are themselves zips (the jars of
 * {@code lib/}) are stored as they are instead of being deflated a second time.
 */
public final class ReproducibleZip {
    /** The time used when the project sets no {@code outputTimestamp}: the earliest MS-DOS fields can hold. */
    public static final Instant DEFAULT_TIMESTAMP = Instant.parse("1980-01-01T00:00:02Z");

    private static final int FILE_MODE = 0644;
    private static final int EXECUTABLE_MODE = 0755;
    private static final int MAX_ENTRIES = 0xFFFF;

    /** Where an entry's bytes come from; opened when the entry is written. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    /** A file to put in the zip; directories are implied by the names. */
    public record Entry(String name, Content content, boolean executable) {
        public Entry {
            if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\")) {
                throw new IllegalArgumentException("not a zip file entry name: " + name);
            }
        }

        public static Entry of(String name, Content content) {
            return new Entry(name, content, false);
        }
    }

    /** What was written: file entries (directories not counted) and their bytes. */
    public record Result(int files, int directories, long uncompressedBytes, long zipBytes) {}

    private final Instant timestamp;

    /** @param timestamp the one time every entry carries; clamped to what MS-DOS fields can hold */
    public ReproducibleZip(Instant timestamp) {
        LocalDateTime t = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
        if (t.getYear() < 1980) {
            t = LocalDateTime.ofInstant(DEFAULT_TIMESTAMP, ZoneOffset.UTC);
        } else if (t.getYear() > 2107) {
            t = LocalDateTime.of(2107, 12, 31, 23, 59, 58);
        }
        this.timestamp = t.toInstant(ZoneOffset.UTC);
    }

    /** The order entries are named in: META-INF/ and the manifest first, then by name. */
    public static final Comparator<String> ENTRY_ORDER =
            Comparator.comparingInt(ReproducibleZip::rank).thenComparing(Comparator.naturalOrder());

    private static int rank(String name) {
        return switch (name) {
            case "META-INF/" -> 0;
            case "META-INF/MANIFEST.MF" -> 1;
            default -> 2;
        };
    }

    /**
     * Writes the entries to {@code target}, through a temporary file moved into place, so a failure
     * never leaves a half-written zip where the old one was.
     *
     * @throws IllegalArgumentException when two entries share a name
     */
    public Result write(List<Entry> entries, Path target) throws IOException {
        Set<String> names = new TreeSet<>(ENTRY_ORDER);
        Set<String> directories = new TreeSet<>();
        for (Entry e : entries) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("two entries named " + e.name());
            }
            for (int slash = e.name().indexOf('/'); slash >= 0; slash = e.name().indexOf('/', slash + 1)) {
                directories.add(e.name().substring(0, slash + 1));
            }
        }
        if (names.size() + directories.size() > MAX_ENTRIES) {
            throw new IOException("a zip of " + (names.size() + directories.size()) + " entries needs ZIP64, which"
                    + " Lambda bundles never should: fewer than " + MAX_ENTRIES + " files and directories are allowed");
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        if (entries.isEmpty()) {
            // plexus-archiver refuses an empty archive; an empty zip is its end record alone (a jar stripped bare).
            byte[] end = new byte[22];
            end[0] = 0x50;
            end[1] = 0x4b;
            end[2] = 0x05;
            end[3] = 0x06;
            Files.write(tmp, end);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(0, 0, 0, end.length);
        }
        try {
            Files.deleteIfExists(tmp);
            ZipArchiver archiver = new ZipArchiver();
            archiver.setDestFile(tmp.toFile());
            archiver.setEncoding("UTF-8");
            archiver.setCompress(true);
            archiver.setRecompressAddedZips(false);
            archiver.configureReproducibleBuild(FileTime.from(timestamp));
            archiver.setFilenameComparator(ENTRY_ORDER);
            // Added in order: plexus-archiver writes the manifest first, then the directories, then the files.
            for (Entry e : entries.stream()
                    .sorted(Comparator.comparing(Entry::name, ENTRY_ORDER))
                    .toList()) {
                archiver.addResource(new Resource(e), e.name(), e.executable() ? EXECUTABLE_MODE : FILE_MODE);
            }
            archiver.createArchive();
        } catch (ArchiverException e) {
            Files.deleteIfExists(tmp);
            throw e.getCause() instanceof IOException io ? io : new IOException("cannot write " + target, e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        long uncompressed = 0;
        int files = 0;
        int dirs = 0;
        try (ZipFile written = new ZipFile(tmp.toFile())) {
            for (Enumeration<? extends ZipEntry> all = written.entries(); all.hasMoreElements(); ) {
                ZipEntry z = all.nextElement();
                if (z.isDirectory()) {
                    dirs++;
                } else {
                    files++;
                    uncompressed += z.getSize();
                }
            }
        }
        long size = Files.size(tmp);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Result(files, dirs, uncompressed, size);
    }

    /** An entry as plexus-archiver reads it: its bytes from {@link Content}, no time or size of its own. */
    private static final class Resource extends AbstractPlexusIoResource {
        private final Content content;

        Resource(Entry entry) {
            super(entry.name(), UNKNOWN_MODIFICATION_DATE, UNKNOWN_RESOURCE_SIZE, true, false, true);
            this.content = entry.content();
        }

        @Override
        public InputStream getContents() throws IOException {
            return content.open();
        }

        @Override
        public URL getURL() {
            return null;
        }
    }
}

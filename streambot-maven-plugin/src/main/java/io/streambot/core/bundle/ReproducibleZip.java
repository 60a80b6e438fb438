package io.streambot.core.bundle;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a zip whose bytes depend on nothing but its entries' names and contents: entries sorted
 * (the manifest first, as jar readers expect), parent directories generated, one fixed time written
 * as MS-DOS fields computed in UTC (so the machine's time zone never leaks in, unlike
 * {@code ZipEntry.setTime}), no extra fields, Unix modes 0755 for directories and 0644 for files
 * (0755 for files marked executable), and no build-time data. Written by hand because the JDK's
 * {@code ZipOutputStream} cannot set the Unix mode.
 */
public final class ReproducibleZip {
    /** The time used when the project sets no {@code outputTimestamp}: the earliest MS-DOS fields can hold. */
    public static final Instant DEFAULT_TIMESTAMP = Instant.parse("1980-01-01T00:00:02Z");

    private static final int FILE_MODE = 0100644;
    private static final int EXECUTABLE_MODE = 0100755;
    private static final int DIRECTORY_MODE = 040755;
    private static final int VERSION_MADE_BY_UNIX = 3 << 8 | 20;
    private static final int VERSION_NEEDED = 20;
    private static final int FLAG_UTF8 = 1 << 11;
    private static final int MAX_ENTRIES = 0xFFFF;
    private static final long MAX_OFFSET = 0xFFFFFFFFL;
    private static final int WINDOW = 16;

    /** Where an entry's bytes come from; opened once, when the entry is written. */
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

    private final int dosTime;
    private final int dosDate;

    /** @param timestamp the one time every entry carries; clamped to what MS-DOS fields can hold */
    public ReproducibleZip(Instant timestamp) {
        LocalDateTime t = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
        if (t.getYear() < 1980) {
            t = LocalDateTime.of(1980, 1, 1, 0, 0, 0);
        } else if (t.getYear() > 2107) {
            t = LocalDateTime.of(2107, 12, 31, 23, 59, 58);
        }
        this.dosTime = t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() >> 1;
        this.dosDate = (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
    }

    /** The order entries are written in: META-INF/ and the manifest first, then by name. */
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
        Map<String, Entry> byName = new TreeMap<>(ENTRY_ORDER);
        for (Entry e : entries) {
            if (byName.put(e.name(), e) != null) {
                throw new IllegalArgumentException("two entries named " + e.name());
            }
        }
        for (Entry e : entries) {
            for (int slash = e.name().indexOf('/'); slash >= 0; slash = e.name().indexOf('/', slash + 1)) {
                byName.putIfAbsent(e.name().substring(0, slash + 1), null);
            }
        }
        if (byName.size() > MAX_ENTRIES) {
            throw new IOException("a zip of " + byName.size() + " entries needs ZIP64, which Lambda bundles never"
                    + " should: fewer than " + MAX_ENTRIES + " files and directories are allowed");
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        List<CentralRecord> central = new ArrayList<>(byName.size());
        long uncompressed = 0;
        int files = 0;
        List<Map.Entry<String, Entry>> ordered = new ArrayList<>(byName.entrySet());
        try (CountingOutput out = new CountingOutput(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            // Entries are compressed in parallel, a window at a time, and written in order: same bytes, less wait.
            for (int from = 0; from < ordered.size(); from += WINDOW) {
                List<Compressed> window = compressAll(ordered.subList(from, Math.min(ordered.size(), from + WINDOW)));
                for (Compressed c : window) {
                    central.add(writeLocal(out, c));
                    if (c.file()) {
                        uncompressed += c.size();
                        files++;
                    }
                }
            }
            long centralStart = out.count;
            for (CentralRecord r : central) {
                writeCentral(out, r);
            }
            long centralSize = out.count - centralStart;
            if (centralStart > MAX_OFFSET) {
                throw new IOException("the zip is larger than 4 GiB, far above Lambda's limit");
            }
            out.u32(0x06054b50);
            out.u16(0);
            out.u16(0);
            out.u16(central.size());
            out.u16(central.size());
            out.u32(centralSize);
            out.u32(centralStart);
            out.u16(0);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        long size = Files.size(tmp);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Result(files, central.size() - files, uncompressed, size);
    }

    private record CentralRecord(
            byte[] name, int method, long crc, long compressedSize, long size, int mode, long offset) {}

    private record Compressed(byte[] name, boolean file, int mode, long crc, int method, byte[] data, long size) {}

    private static List<Compressed> compressAll(List<Map.Entry<String, Entry>> window) throws IOException {
        try {
            return window.parallelStream()
                    .map(named -> {
                        try {
                            return compress(named.getKey(), named.getValue());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Compressed compress(String name, Entry entry) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (entry == null) {
            return new Compressed(nameBytes, false, DIRECTORY_MODE, 0, 0, new byte[0], 0);
        }
        byte[] raw;
        try (InputStream in = entry.content().open()) {
            raw = in.readAllBytes();
        }
        CRC32 crc32 = new CRC32();
        crc32.update(raw);
        byte[] data = raw;
        int method = 0;
        if (raw.length > 0) {
            byte[] deflated = deflate(raw);
            if (deflated.length < raw.length) {
                data = deflated;
                method = 8;
            }
        }
        int mode = entry.executable() ? EXECUTABLE_MODE : FILE_MODE;
        return new Compressed(nameBytes, true, mode, crc32.getValue(), method, data, raw.length);
    }

    private CentralRecord writeLocal(CountingOutput out, Compressed c) throws IOException {
        long offset = out.count;
        if (offset > MAX_OFFSET) {
            throw new IOException("the zip is larger than 4 GiB, far above Lambda's limit");
        }
        out.u32(0x04034b50);
        out.u16(VERSION_NEEDED);
        out.u16(FLAG_UTF8);
        out.u16(c.method());
        out.u16(dosTime);
        out.u16(dosDate);
        out.u32(c.crc());
        out.u32(c.data().length);
        out.u32(c.size());
        out.u16(c.name().length);
        out.u16(0);
        out.write(c.name());
        out.write(c.data());
        return new CentralRecord(c.name(), c.method(), c.crc(), c.data().length, c.size(), c.mode(), offset);
    }

    private void writeCentral(CountingOutput out, CentralRecord r) throws IOException {
        out.u32(0x02014b50);
        out.u16(VERSION_MADE_BY_UNIX);
        out.u16(VERSION_NEEDED);
        out.u16(FLAG_UTF8);
        out.u16(r.method());
        out.u16(dosTime);
        out.u16(dosDate);
        out.u32(r.crc());
        out.u32(r.compressedSize());
        out.u32(r.size());
        out.u16(r.name().length);
        out.u16(0);
        out.u16(0);
        out.u16(0);
        out.u16(0);
        // Unix mode in the high 16 bits; MS-DOS directory bit for readers that look only there.
        out.u32((long) r.mode() << 16 | ((r.mode() & 040000) != 0 ? 0x10 : 0));
        out.u32(r.offset());
        out.write(r.name());
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(Math.max(64, raw.length / 2));
            byte[] chunk = new byte[1 << 16];
            while (!deflater.finished()) {
                int n = deflater.deflate(chunk);
                buffer.write(chunk, 0, n);
            }
            return buffer.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static final class CountingOutput extends OutputStream {
        private final OutputStream out;
        private long count;

        CountingOutput(OutputStream out) {
            this.out = out;
        }

        void u16(int v) throws IOException {
            write(v & 0xFF);
            write(v >>> 8 & 0xFF);
        }

        void u32(long v) throws IOException {
            u16((int) (v & 0xFFFF));
            u16((int) (v >>> 16 & 0xFFFF));
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}

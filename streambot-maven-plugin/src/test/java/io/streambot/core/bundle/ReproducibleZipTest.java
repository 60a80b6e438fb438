package io.streambot.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproducibleZipTest {
    private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static List<ReproducibleZip.Entry> entries(boolean reversed) {
        List<ReproducibleZip.Entry> list = new ArrayList<>();
        list.add(ReproducibleZip.Entry.of("com/example/Handler.class", () -> new ByteArrayInputStream(new byte[100])));
        list.add(ReproducibleZip.Entry.of("META-INF/MANIFEST.MF", () -> stream("Manifest-Version: 1.0\r\n\r\n")));
        list.add(ReproducibleZip.Entry.of("lib/a.jar", () -> stream("jar bytes")));
        list.add(new ReproducibleZip.Entry("bootstrap", () -> stream("#!/bin/sh"), true));
        if (reversed) {
            Collections.reverse(list);
        }
        return list;
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sameEntriesGiveSameBytesWhateverTheOrderAndTimeZone() throws Exception {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            new ReproducibleZip(TIME).write(entries(false), dir.resolve("a.zip"));
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            new ReproducibleZip(TIME).write(entries(true), dir.resolve("b.zip"));
        } finally {
            TimeZone.setDefault(original);
        }
        assertThat(Files.readAllBytes(dir.resolve("a.zip"))).isEqualTo(Files.readAllBytes(dir.resolve("b.zip")));
    }

    @Test
    void entriesAreSortedWithManifestFirstThenImpliedDirectoriesThenFiles() throws Exception {
        Path zip = dir.resolve("a.zip");
        ReproducibleZip.Result result = new ReproducibleZip(TIME).write(entries(true), zip);
        List<String> names = new ArrayList<>();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            zf.stream().forEach(e -> names.add(e.getName()));
            ZipEntry handler = zf.getEntry("com/example/Handler.class");
            // The MS-DOS fields hold the UTC wall time, whatever this machine's zone.
            assertThat(handler.getTimeLocal()).isEqualTo(LocalDateTime.of(2026, 1, 1, 0, 0));
            assertThat(handler.getExtra()).isNull();
            assertThat(zf.getInputStream(handler).readAllBytes()).hasSize(100);
        }
        assertThat(names)
                .containsExactly(
                        "META-INF/",
                        "META-INF/MANIFEST.MF",
                        "com/",
                        "com/example/",
                        "lib/",
                        "bootstrap",
                        "com/example/Handler.class",
                        "lib/a.jar");
        assertThat(result.files()).isEqualTo(4);
        assertThat(result.directories()).isEqualTo(4);
        try (JarInputStream jar = new JarInputStream(Files.newInputStream(zip))) {
            assertThat(jar.getManifest()).isNotNull();
        }
    }

    @Test
    void unixModesAreNormalized() throws Exception {
        Path zip = dir.resolve("a.zip");
        new ReproducibleZip(TIME).write(entries(false), zip);
        Map<String, Integer> modes = centralDirectoryModes(Files.readAllBytes(zip));
        assertThat(modes)
                .containsEntry("com/", 040755)
                .containsEntry("com/example/Handler.class", 0100644)
                .containsEntry("bootstrap", 0100755)
                .containsEntry("lib/a.jar", 0100644);
    }

    @Test
    void aTimeBefore1980IsClampedNotBroken() throws Exception {
        Path zip = dir.resolve("a.zip");
        new ReproducibleZip(Instant.EPOCH).write(entries(false), zip);
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            assertThat(zf.getEntry("bootstrap").getTimeLocal()).isEqualTo(LocalDateTime.of(1980, 1, 1, 0, 0, 2));
        }
    }

    @Test
    void duplicateNamesAreRefusedAndNothingIsLeftBehind() {
        Path zip = dir.resolve("a.zip");
        List<ReproducibleZip.Entry> twice = List.of(
                ReproducibleZip.Entry.of("a", () -> stream("1")), ReproducibleZip.Entry.of("a", () -> stream("2")));
        assertThatThrownBy(() -> new ReproducibleZip(TIME).write(twice, zip))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two entries named a");
        assertThat(zip).doesNotExist();
    }

    @Test
    void jarsAreStoredAsTheyAreAndOtherFilesDeflated() throws Exception {
        java.io.ByteArrayOutputStream jarBytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream jar = new java.util.zip.ZipOutputStream(jarBytes)) {
            jar.putNextEntry(new ZipEntry("com/example/Lib.class"));
            jar.write(new byte[4096]);
            jar.closeEntry();
        }
        byte[] inner = jarBytes.toByteArray();
        Path zip = dir.resolve("a.zip");
        new ReproducibleZip(TIME)
                .write(
                        List.of(
                                ReproducibleZip.Entry.of("lib/lib.jar", () -> new ByteArrayInputStream(inner)),
                                ReproducibleZip.Entry.of(
                                        "com/example/Handler.class", () -> new ByteArrayInputStream(new byte[4096]))),
                        zip);
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            ZipEntry lib = zf.getEntry("lib/lib.jar");
            assertThat(lib.getMethod()).isEqualTo(ZipEntry.STORED);
            assertThat(lib.getCompressedSize()).isEqualTo(inner.length);
            assertThat(zf.getInputStream(lib).readAllBytes()).isEqualTo(inner);
            ZipEntry handler = zf.getEntry("com/example/Handler.class");
            assertThat(handler.getMethod()).isEqualTo(ZipEntry.DEFLATED);
            assertThat(handler.getCompressedSize()).isLessThan(4096);
        }
    }

    @Test
    void noEntriesGiveAnEmptyZip() throws Exception {
        Path zip = dir.resolve("empty.jar");
        ReproducibleZip.Result result = new ReproducibleZip(TIME).write(List.of(), zip);
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            assertThat(zf.size()).isZero();
        }
        assertThat(result.zipBytes()).isEqualTo(Files.size(zip));
    }

    /** Reads the Unix mode of every entry from the central directory's external attributes. */
    static Map<String, Integer> centralDirectoryModes(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = zip.length - 22;
        int count = b.getShort(eocd + 10) & 0xFFFF;
        int offset = b.getInt(eocd + 16);
        Map<String, Integer> modes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            assertThat(b.getInt(offset)).isEqualTo(0x02014b50);
            assertThat(b.getShort(offset + 4) >> 8).as("made by Unix").isEqualTo(3);
            int nameLength = b.getShort(offset + 28) & 0xFFFF;
            int extraLength = b.getShort(offset + 30) & 0xFFFF;
            int commentLength = b.getShort(offset + 32) & 0xFFFF;
            int external = b.getInt(offset + 38);
            String name = new String(zip, offset + 46, nameLength, StandardCharsets.UTF_8);
            modes.put(name, external >>> 16);
            offset += 46 + nameLength + extraLength + commentLength;
        }
        return modes;
    }
}

package io.streambot.core.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Tiny synthetic native headers and jars, so tests need no real native library. */
final class Fixtures {
    static final int X86_64 = 0x3E;
    static final int AARCH64 = 0xB7;

    private Fixtures() {}

    /** A 64-bit little-endian ELF shared object header for the machine and OS ABI. */
    static byte[] elf(int machine, int osAbi) {
        byte[] h = new byte[64];
        h[0] = 0x7F;
        h[1] = 'E';
        h[2] = 'L';
        h[3] = 'F';
        h[4] = 2;
        h[5] = 1;
        h[6] = 1;
        h[7] = (byte) osAbi;
        h[16] = 3;
        h[18] = (byte) (machine & 0xFF);
        h[19] = (byte) (machine >> 8);
        return h;
    }

    static byte[] elf(int machine) {
        return elf(machine, 0);
    }

    /** A 64-bit Mach-O header (little-endian) with the CPU type. */
    static byte[] machO(int cpuType) {
        byte[] h = new byte[32];
        h[0] = (byte) 0xCF;
        h[1] = (byte) 0xFA;
        h[2] = (byte) 0xED;
        h[3] = (byte) 0xFE;
        h[4] = (byte) cpuType;
        h[5] = (byte) (cpuType >> 8);
        h[6] = (byte) (cpuType >> 16);
        h[7] = (byte) (cpuType >> 24);
        return h;
    }

    /** A PE (Windows DLL) header with the machine. */
    static byte[] pe(int machine) {
        byte[] h = new byte[0x100];
        h[0] = 'M';
        h[1] = 'Z';
        h[0x3C] = (byte) 0x80;
        h[0x80] = 'P';
        h[0x81] = 'E';
        h[0x84] = (byte) machine;
        h[0x85] = (byte) (machine >> 8);
        return h;
    }

    /** Writes a jar with the entries, in the map's order. */
    static Path jar(Path file, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}

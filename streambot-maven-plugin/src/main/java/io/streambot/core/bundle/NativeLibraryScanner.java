package io.streambot.core.bundle;

import java.util.Locale;

/**
 * Tells which platform a native library was built for by reading its header (ELF {@code e_machine} and
 * OS ABI, Mach-O magic and CPU type, PE machine), never by trusting its path. The path only refines
 * what ELF cannot say: musl and Android libraries carry the same header as glibc ones.
 */
public final class NativeLibraryScanner {
    /** Bytes of a library's head worth reading: enough for ELF and Mach-O, and for most PE headers. */
    public static final int HEADER_BYTES = 1024;

    private NativeLibraryScanner() {}

    /** Whether an entry name looks like a loadable native library. */
    public static boolean isNativeLibraryName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith("/")) {
            return false;
        }
        String file = n.substring(n.lastIndexOf('/') + 1);
        return file.endsWith(".so")
                || file.matches(".+\\.so(\\.[0-9]+)+")
                || file.endsWith(".dylib")
                || file.endsWith(".jnilib")
                || file.endsWith(".dll");
    }

    /**
     * Identifies the platform of a native library.
     *
     * @param path where the library lives (inside its jar), used only to tell Linux variants apart
     * @param head the first bytes of the library ({@link #HEADER_BYTES} or all of it when shorter)
     */
    public static NativePlatform identify(String path, byte[] head) {
        if (head.length >= 20 && head[0] == 0x7F && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            return elf(path, head);
        }
        if (head.length >= 8) {
            int magic = u32be(head, 0);
            switch (magic) {
                case 0xFEEDFACE, 0xFEEDFACF -> {
                    return new NativePlatform("macos", machOCpu(u32be(head, 4)));
                }
                case 0xCEFAEDFE, 0xCFFAEDFE -> {
                    return new NativePlatform("macos", machOCpu(u32le(head, 4)));
                }
                case 0xCAFEBABE, 0xCAFEBABF -> {
                    return new NativePlatform("macos", "universal");
                }
                default -> {}
            }
        }
        if (head.length >= 2 && head[0] == 'M' && head[1] == 'Z') {
            return new NativePlatform("windows", pe(head));
        }
        return new NativePlatform("unknown", "unknown");
    }

    private static NativePlatform elf(String path, byte[] h) {
        boolean littleEndian = h[5] != 2;
        int machine = littleEndian ? (h[18] & 0xFF) | (h[19] & 0xFF) << 8 : (h[19] & 0xFF) | (h[18] & 0xFF) << 8;
        boolean is64 = h[4] == 2;
        String arch =
                switch (machine) {
                    case 0x3E -> "x86_64";
                    case 0xB7 -> "aarch64";
                    case 0x03 -> "x86";
                    case 0x28 -> "arm";
                    case 0x14 -> "ppc";
                    case 0x15 -> littleEndian ? "ppc64le" : "ppc64";
                    case 0x16 -> "s390x";
                    case 0xF3 -> is64 ? "riscv64" : "riscv32";
                    case 0x08 -> "mips";
                    case 0x2B -> "sparcv9";
                    case 0x32 -> "ia64";
                    case 0x102 -> "loongarch64";
                    default -> "elf-machine-0x" + Integer.toHexString(machine);
                };
        String os =
                switch (h[7] & 0xFF) {
                    case 2 -> "netbsd";
                    case 6 -> "solaris";
                    case 7 -> "aix";
                    case 9 -> "freebsd";
                    case 12 -> "openbsd";
                    default -> osFromPath(path);
                };
        return new NativePlatform(os, arch);
    }

    private static String osFromPath(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.contains("musl")) {
            return "linux-musl";
        }
        if (p.contains("android")) {
            return "android";
        }
        for (String os : new String[] {"freebsd", "openbsd", "netbsd", "dragonfly", "solaris", "sunos", "aix"}) {
            if (p.contains(os)) {
                return os;
            }
        }
        return NativePlatform.LINUX;
    }

    private static String machOCpu(int cpuType) {
        return switch (cpuType) {
            case 0x01000007 -> "x86_64";
            case 0x0100000C -> "aarch64";
            case 7 -> "x86";
            case 12 -> "arm";
            default -> "unknown";
        };
    }

    private static String pe(byte[] h) {
        if (h.length < 0x40) {
            return "unknown";
        }
        int peOffset = u32le(h, 0x3C);
        if (peOffset < 0 || peOffset + 6 > h.length || h[peOffset] != 'P' || h[peOffset + 1] != 'E') {
            return "unknown";
        }
        int machine = (h[peOffset + 4] & 0xFF) | (h[peOffset + 5] & 0xFF) << 8;
        return switch (machine) {
            case 0x8664 -> "x86_64";
            case 0xAA64 -> "aarch64";
            case 0x014C -> "x86";
            case 0x01C4 -> "arm";
            default -> "unknown";
        };
    }

    private static int u32be(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }

    private static int u32le(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }
}

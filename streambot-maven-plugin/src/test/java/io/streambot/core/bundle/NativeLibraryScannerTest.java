package io.streambot.core.bundle;

import static io.streambot.core.bundle.Fixtures.AARCH64;
import static io.streambot.core.bundle.Fixtures.X86_64;
import static io.streambot.core.bundle.Fixtures.elf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeLibraryScannerTest {

    @Test
    void readsTheElfMachineNotThePath() {
        NativePlatform p = NativeLibraryScanner.identify("natives/linux-aarch64/libx.so", elf(X86_64));
        assertThat(p).isEqualTo(new NativePlatform("linux", "x86_64"));
        assertThat(p.runsOn(Architecture.X86_64)).isTrue();
        assertThat(p.runsOn(Architecture.ARM64)).isFalse();
        assertThat(NativeLibraryScanner.identify("libx.so", elf(AARCH64)).runsOn(Architecture.ARM64))
                .isTrue();
    }

    @Test
    void namesOtherElfMachines() {
        assertThat(NativeLibraryScanner.identify("a.so", elf(0x03)).arch()).isEqualTo("x86");
        assertThat(NativeLibraryScanner.identify("a.so", elf(0x28)).arch()).isEqualTo("arm");
        assertThat(NativeLibraryScanner.identify("a.so", elf(0x15)).arch()).isEqualTo("ppc64le");
        assertThat(NativeLibraryScanner.identify("a.so", elf(0xF3)).arch()).isEqualTo("riscv64");
        assertThat(NativeLibraryScanner.identify("a.so", elf(0x16)).arch()).isEqualTo("s390x");
    }

    @Test
    void tellsLinuxVariantsApartByOsAbiThenPath() {
        assertThat(NativeLibraryScanner.identify("org/sqlite/native/FreeBSD/x86_64/lib.so", elf(X86_64, 9)))
                .isEqualTo(new NativePlatform("freebsd", "x86_64"));
        assertThat(NativeLibraryScanner.identify("org/sqlite/native/Linux-Musl/x86_64/lib.so", elf(X86_64)))
                .isEqualTo(new NativePlatform("linux-musl", "x86_64"));
        assertThat(NativeLibraryScanner.identify("org/sqlite/native/Linux-Android/aarch64/lib.so", elf(AARCH64)))
                .isEqualTo(new NativePlatform("android", "aarch64"));
        assertThat(NativeLibraryScanner.identify("org/sqlite/native/Linux/x86_64/lib.so", elf(X86_64, 3)))
                .isEqualTo(new NativePlatform("linux", "x86_64"));
    }

    @Test
    void readsMachOAndPe() {
        assertThat(NativeLibraryScanner.identify("lib.dylib", Fixtures.machO(0x0100000C)))
                .isEqualTo(new NativePlatform("macos", "aarch64"));
        assertThat(NativeLibraryScanner.identify("lib.jnilib", Fixtures.machO(0x01000007)))
                .isEqualTo(new NativePlatform("macos", "x86_64"));
        assertThat(NativeLibraryScanner.identify("x.dll", Fixtures.pe(0x8664)))
                .isEqualTo(new NativePlatform("windows", "x86_64"));
        assertThat(NativeLibraryScanner.identify("x.dll", Fixtures.pe(0xAA64)))
                .isEqualTo(new NativePlatform("windows", "aarch64"));
    }

    @Test
    void unknownBytesAreUnknownAndNeverRunOnLambda() {
        NativePlatform p = NativeLibraryScanner.identify("lib.so", "INPUT(-lc)".getBytes());
        assertThat(p).isEqualTo(new NativePlatform("unknown", "unknown"));
        assertThat(p.runsOn(Architecture.X86_64)).isFalse();
    }

    @Test
    void recognizesNativeLibraryNames() {
        assertThat(NativeLibraryScanner.isNativeLibraryName("META-INF/native/libnetty.so"))
                .isTrue();
        assertThat(NativeLibraryScanner.isNativeLibraryName("lib/libfoo.so.1.2"))
                .isTrue();
        assertThat(NativeLibraryScanner.isNativeLibraryName("a/B.DLL")).isTrue();
        assertThat(NativeLibraryScanner.isNativeLibraryName("a/lib.jnilib")).isTrue();
        assertThat(NativeLibraryScanner.isNativeLibraryName("a/lib.dylib")).isTrue();
        assertThat(NativeLibraryScanner.isNativeLibraryName("a/social.class")).isFalse();
        assertThat(NativeLibraryScanner.isNativeLibraryName("a/reason.sol")).isFalse();
        assertThat(NativeLibraryScanner.isNativeLibraryName("a.so/")).isFalse();
    }
}

package io.streambot.core.bundle;

/**
 * What a native library was built for, as read from its bytes.
 *
 * @param os the operating system: {@code linux}, {@code linux-musl}, {@code android}, {@code macos},
 *     {@code windows}, {@code freebsd}, ... or {@code unknown}
 * @param arch the instruction set: {@code x86_64}, {@code aarch64}, {@code x86}, {@code arm}, ... or
 *     {@code unknown}
 */
public record NativePlatform(String os, String arch) {
    public static final String LINUX = "linux";

    /** Whether Lambda (Amazon Linux, glibc) on this architecture can load it. */
    public boolean runsOn(Architecture target) {
        return LINUX.equals(os) && target.nativeName().equals(arch);
    }

    @Override
    public String toString() {
        return os + " " + arch;
    }
}

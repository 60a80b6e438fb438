package io.streambot.core.bundle;

import io.streambot.core.InvalidConfigurationException;
import java.util.Locale;

/** The Lambda instruction set a bundle targets. Always chosen by the user, never read from the build machine. */
public enum Architecture {
    X86_64("x86_64", "x86_64", 0x3E),
    ARM64("arm64", "aarch64", 0xB7);

    private final String lambdaName;
    private final String elfName;
    private final int elfMachine;

    Architecture(String lambdaName, String elfName, int elfMachine) {
        this.lambdaName = lambdaName;
        this.elfName = elfName;
        this.elfMachine = elfMachine;
    }

    /** The name Lambda uses ({@code x86_64}, {@code arm64}). */
    public String lambdaName() {
        return lambdaName;
    }

    /** The name native libraries use for it ({@code x86_64}, {@code aarch64}). */
    public String nativeName() {
        return elfName;
    }

    /** The ELF {@code e_machine} of a library built for it. */
    public int elfMachine() {
        return elfMachine;
    }

    /**
     * Parses the {@code <architecture>} parameter.
     *
     * @throws InvalidConfigurationException naming the parameter when the value is not a Lambda architecture
     */
    public static Architecture parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "x86_64" -> X86_64;
            case "arm64" -> ARM64;
            default ->
                throw new InvalidConfigurationException(
                        "<architecture>",
                        "streambot.architecture",
                        value,
                        "is not a Lambda architecture",
                        "set it to x86_64 or arm64, the value of the function's Architectures property");
        };
    }

    @Override
    public String toString() {
        return lambdaName;
    }
}

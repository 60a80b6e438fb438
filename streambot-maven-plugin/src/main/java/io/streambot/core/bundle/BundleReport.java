package io.streambot.core.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * What a bundle holds, for the build log and, as {@code target/streambot/bundle-report.json}, for
 * tooling.
 *
 * @param zip the zip's path
 * @param entries files and directories in the zip
 * @param biggestJars the largest jars in {@code lib/}, largest first
 * @param classifierSwaps one line per artifact whose native classifier was replaced
 * @param stripped the jars whose other-platform native libraries were removed
 * @param strippedBytes the uncompressed bytes removed from them
 */
public record BundleReport(
        String zip,
        String architecture,
        int entries,
        long zippedBytes,
        long unzippedBytes,
        List<JarSize> biggestJars,
        List<String> classifierSwaps,
        List<StrippedJar> stripped,
        long strippedBytes,
        String handler,
        List<String> warnings) {

    /** A jar of {@code lib/} and its size. */
    public record JarSize(String jar, long bytes) {}

    /** A jar that lost its other-platform native libraries. */
    public record StrippedJar(String jar, String dependency, int librariesRemoved, long bytesRemoved) {}

    /** Writes the report as JSON (by hand: the no-op path of the goal must not pay for a JSON library). */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toJson());
    }

    public String toJson() {
        StringBuilder j = new StringBuilder("{\n");
        field(j, "zip", str(zip), true);
        field(j, "architecture", str(architecture), true);
        field(j, "entries", Integer.toString(entries), true);
        field(j, "zippedBytes", Long.toString(zippedBytes), true);
        field(j, "unzippedBytes", Long.toString(unzippedBytes), true);
        field(
                j,
                "biggestJars",
                list(biggestJars, s -> "{\"jar\": " + str(s.jar()) + ", \"bytes\": " + s.bytes() + "}"),
                true);
        field(j, "classifierSwaps", list(classifierSwaps, BundleReport::str), true);
        field(
                j,
                "stripped",
                list(
                        stripped,
                        s -> "{\"jar\": " + str(s.jar()) + ", \"dependency\": " + str(s.dependency())
                                + ", \"librariesRemoved\": " + s.librariesRemoved() + ", \"bytesRemoved\": "
                                + s.bytesRemoved() + "}"),
                true);
        field(j, "strippedBytes", Long.toString(strippedBytes), true);
        field(j, "handler", str(handler), true);
        field(j, "warnings", list(warnings, BundleReport::str), false);
        return j.append("}\n").toString();
    }

    private static void field(StringBuilder j, String name, String json, boolean more) {
        j.append("  \"").append(name).append("\": ").append(json).append(more ? ",\n" : "\n");
    }

    private static <T> String list(List<T> items, Function<T, String> json) {
        if (items.isEmpty()) {
            return "[]";
        }
        StringBuilder l = new StringBuilder("[\n");
        for (int i = 0; i < items.size(); i++) {
            l.append("    ").append(json.apply(items.get(i))).append(i + 1 < items.size() ? ",\n" : "\n");
        }
        return l.append("  ]").toString();
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}

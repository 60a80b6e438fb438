package io.streambot.core.upload;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as users write them in a pom: {@code 16MB}, {@code 8 MiB}, {@code 512k}, {@code 1048576}. */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)(i?b?)", Pattern.CASE_INSENSITIVE);

    private ByteSize() {}

    /** Parses {@code text} (binary units: 1 MB = 1024 KB); returns -1 when it is not a size. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return -1;
        }
        try {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> Math.multiplyExact(n, 1L << 10);
                case "m" -> Math.multiplyExact(n, 1L << 20);
                case "g" -> Math.multiplyExact(n, 1L << 30);
                default -> n;
            };
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            return -1;
        }
    }

    /** {@code 1.5 MB}, for logs. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}

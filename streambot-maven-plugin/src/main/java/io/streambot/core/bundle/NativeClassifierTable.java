package io.streambot.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The classifier knowledge: the built-in table ({@code native-classifiers.txt} next to this class)
 * with the user's {@code <nativeMappings>} on top (a user rule replaces the built-in one for the same
 * artifact).
 */
public final class NativeClassifierTable {
    private static final String RESOURCE = "native-classifiers.txt";

    private final Map<String, NativeArtifactRule> rules;
    private final String builtInText;

    private NativeClassifierTable(Map<String, NativeArtifactRule> rules, String builtInText) {
        this.rules = rules;
        this.builtInText = builtInText;
    }

    /** The built-in table with the user's rules on top. */
    public static NativeClassifierTable withUserRules(List<NativeArtifactRule> userRules) {
        String text = builtInText();
        Map<String, NativeArtifactRule> rules = parse(text);
        for (NativeArtifactRule rule : userRules) {
            rules.put(rule.key(), rule);
        }
        return new NativeClassifierTable(rules, text);
    }

    public static NativeClassifierTable builtIn() {
        return withUserRules(List.of());
    }

    public Optional<NativeArtifactRule> ruleFor(String groupIdArtifactId) {
        return Optional.ofNullable(rules.get(groupIdArtifactId));
    }

    public Collection<NativeArtifactRule> rules() {
        return rules.values();
    }

    /** A stable text of every rule, for the up-to-date fingerprint. */
    public String fingerprintText() {
        StringBuilder s = new StringBuilder(builtInText);
        rules.values().stream()
                .filter(r -> !r.source().equals("built-in table"))
                .forEach(r -> s.append(r).append('\n'));
        return s.toString();
    }

    static Map<String, NativeArtifactRule> parse(String text) {
        Map<String, NativeArtifactRule> rules = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] columns = l.split("\\s+");
            if (columns.length != 4 || !columns[0].contains(":")) {
                throw new IllegalStateException(RESOURCE + " line " + lineNumber + " is not 4 columns: " + line);
            }
            rules.put(
                    columns[0],
                    new NativeArtifactRule(
                            columns[0],
                            NativeArtifactRule.blankToNull(columns[1]),
                            NativeArtifactRule.blankToNull(columns[2]),
                            NativeArtifactRule.DefaultJar.valueOf(columns[3].toUpperCase(Locale.ROOT)),
                            "built-in table"));
        }
        return rules;
    }

    private static String builtInText() {
        try (InputStream in = NativeClassifierTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the plugin");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.streambot.core.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What changes, by key, between a config record's values and the desired ones. Knows keys only: its
 * lines show every value as {@value #MASK}, because config values are often secrets and build logs
 * are not.
 */
public record EnvDiff(SortedSet<String> added, SortedSet<String> changed, SortedSet<String> removed) {
    public static final String MASK = "****";

    public EnvDiff {
        added = new TreeSet<>(added);
        changed = new TreeSet<>(changed);
        removed = new TreeSet<>(removed);
    }

    public static EnvDiff between(Map<String, String> current, Map<String, String> desired) {
        Set<String> added = new TreeSet<>();
        Set<String> changed = new TreeSet<>();
        Set<String> removed = new TreeSet<>();
        desired.forEach((k, v) -> {
            if (!current.containsKey(k)) {
                added.add(k);
            } else if (!Objects.equals(current.get(k), v)) {
                changed.add(k);
            }
        });
        current.keySet().stream().filter(k -> !desired.containsKey(k)).forEach(removed::add);
        return new EnvDiff(new TreeSet<>(added), new TreeSet<>(changed), new TreeSet<>(removed));
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }

    /** {@code 2 added, 1 changed, 0 removed}. */
    public String summary() {
        return added.size() + " added, " + changed.size() + " changed, " + removed.size() + " removed";
    }

    /** One line per key, values masked: {@code + KEY = ****}, {@code ~ KEY = ****}, {@code - KEY}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        added.forEach(k -> lines.add("  + " + k + " = " + MASK));
        changed.forEach(k -> lines.add("  ~ " + k + " = " + MASK));
        removed.forEach(k -> lines.add("  - " + k));
        return lines;
    }
}

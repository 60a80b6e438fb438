package io.streambot.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event the core emits so tests can assert on them: by level, and in order as lines. */
public final class RecordingEvents implements Events {
    public final List<String> infos = new CopyOnWriteArrayList<>();
    public final List<String> warnings = new CopyOnWriteArrayList<>();
    public final List<String> debugs = new CopyOnWriteArrayList<>();
    public final List<Progress> progress = new CopyOnWriteArrayList<>();

    /** Every message in emission order, prefixed with its level ({@code "INFO "}, {@code "WARN "}, {@code "DEBUG "}). */
    public final List<String> lines = new CopyOnWriteArrayList<>();

    /** One {@link #progress(String, long, long)} call. */
    public record Progress(String task, long done, long total) {}

    @Override
    public void info(String message) {
        infos.add(message);
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
        lines.add("WARN " + message);
    }

    @Override
    public void debug(String message) {
        debugs.add(message);
        lines.add("DEBUG " + message);
    }

    @Override
    public void progress(String task, long done, long total) {
        progress.add(new Progress(task, done, total));
    }

    /** The info, warning and debug messages, without level prefixes. */
    public List<String> all() {
        List<String> all = new ArrayList<>(infos);
        all.addAll(warnings);
        all.addAll(debugs);
        return all;
    }

    /** {@link #lines} joined by newlines. */
    public String text() {
        return String.join("\n", lines);
    }
}

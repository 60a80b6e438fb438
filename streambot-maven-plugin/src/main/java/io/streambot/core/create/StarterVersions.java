package io.streambot.core.create;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The versions a generated project uses: this plugin's own ({@code streambot.version}) and the libraries
 * and Maven plugins this build was made and tested with. Written into {@code versions.properties} by the
 * plugin's build (resource filtering), so they never drift from the build's.
 */
public final class StarterVersions {
    private StarterVersions() {}

    /** The versions, by the names the starters' templates use ({@code {{streambot.version}}}). */
    public static Map<String, String> load() {
        Properties p = new Properties();
        try (InputStream in = StarterVersions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from the plugin");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> versions = new TreeMap<>();
        p.stringPropertyNames().forEach(name -> versions.put(name, p.getProperty(name)));
        versions.forEach((name, value) -> {
            if (value.contains("${")) {
                throw new IllegalStateException("versions.properties was not filtered: " + name + "=" + value);
            }
        });
        return versions;
    }
}

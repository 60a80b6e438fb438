package io.streambot.core.env;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambot.core.InvalidConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads config values from a {@code .properties} file (UTF-8) or a {@code .json} file holding one flat
 * object of strings, numbers or booleans (numbers and booleans become their JSON text).
 */
public final class EnvFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnvFiles() {}

    /**
     * @param element the pom element that named the file, for error messages
     * @param property its user property, or null
     * @throws InvalidConfigurationException when the file is missing, of another kind, or malformed
     */
    public static Map<String, String> read(Path file, String element, String property) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigurationException(
                    element, property, file.toString(), "is not a file", "point it at a .properties or .json file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".properties")) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                Map<String, String> values = new TreeMap<>();
                p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
                return values;
            }
            if (name.endsWith(".json")) {
                return json(file, element, property);
            }
        } catch (IOException e) {
            throw new InvalidConfigurationException(
                    element, property, file.toString(), "could not be read (" + e.getMessage() + ")", "check the file");
        }
        throw new InvalidConfigurationException(
                element,
                property,
                file.toString(),
                "is neither a .properties nor a .json file",
                "use KEY=value lines in a .properties file or one flat JSON object in a .json file");
    }

    private static Map<String, String> json(Path file, String element, String property) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            // The parser's message can quote the file's content, which may be a secret: give the place only.
            throw new InvalidConfigurationException(
                    element,
                    property,
                    file.toString(),
                    "is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")",
                    "fix the JSON: one object such as {\"DATABASE_URL\": \"...\"}");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConfigurationException(
                    element,
                    property,
                    file.toString(),
                    "does not hold a JSON object",
                    "use one flat object such as {\"DATABASE_URL\": \"...\"}");
        }
        Map<String, String> values = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw new InvalidConfigurationException(
                        element,
                        property,
                        file.toString(),
                        "has a value for key '" + e.getKey() + "' that is " + (v.isNull() ? "null" : "not a string")
                                + " (values must be strings, numbers or booleans)",
                        "give it a string value, or serialize nested data into a string");
            }
            values.put(e.getKey(), v.asText());
        }
        return values;
    }
}

package io.streambot.core.invoke;

import io.streambot.core.InvalidConfigurationException;
import java.util.regex.Pattern;

/**
 * A Lambda handler string for the Java runtime: {@code com.example.Ingest::handleRequest} or {@code
 * com.example.Ingest} (method {@code handleRequest}).
 *
 * @param className the fully qualified class name
 * @param methodName the method name
 */
public record HandlerString(String className, String methodName) {
    private static final String IDENTIFIER = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
    private static final Pattern CLASS =
            Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*(\\$" + IDENTIFIER + ")*");
    private static final Pattern METHOD = Pattern.compile(IDENTIFIER);

    /**
     * Parses {@code text}.
     *
     * @param element the pom element that set it, for the error message
     * @param property the {@code -D} property that set it
     * @throws InvalidConfigurationException naming the element and the expected form when it is not a
     *     handler string
     */
    public static HandlerString parse(String text, String element, String property) {
        if (text == null || text.isBlank()) {
            throw new InvalidConfigurationException(
                    element,
                    property,
                    null,
                    "is not set",
                    "set it to the function's handler, such as com.example.Ingest::handleRequest");
        }
        String trimmed = text.trim();
        int separator = trimmed.indexOf("::");
        String className = separator < 0 ? trimmed : trimmed.substring(0, separator);
        String methodName = separator < 0 ? "handleRequest" : trimmed.substring(separator + 2);
        if (!CLASS.matcher(className).matches() || !METHOD.matcher(methodName).matches()) {
            throw new InvalidConfigurationException(
                    element,
                    property,
                    text,
                    "is not a Java handler string",
                    "use the form package.Class::method (or package.Class for handleRequest), such as"
                            + " com.example.Ingest::handleRequest");
        }
        return new HandlerString(className, methodName);
    }

    @Override
    public String toString() {
        return className + "::" + methodName;
    }
}

package io.streambot.core;

/**
 * The user's configuration is wrong, found before any side effect. Carries the pom element and the
 * {@code -D} property that set the bad value, the value itself, and the fix, so the plugin can say
 * exactly what to change.
 */
public class InvalidConfigurationException extends RuntimeException {
    private final String element;
    private final String property;
    private final String value;
    private final String fix;

    /**
     * @param element the pom element, e.g. {@code <region>}
     * @param property the user property, e.g. {@code streambot.region}, or null when there is none
     * @param value the bad value as given (may be null when missing)
     * @param problem what is wrong, e.g. "is not an AWS region"
     * @param fix what to do, e.g. "set it to the region of your stack, such as eu-west-1"
     */
    public InvalidConfigurationException(String element, String property, String value, String problem, String fix) {
        super(format(element, property, value, problem, fix));
        this.element = element;
        this.property = property;
        this.value = value;
        this.fix = fix;
    }

    private static String format(String element, String property, String value, String problem, String fix) {
        StringBuilder m = new StringBuilder(element);
        if (property != null) {
            m.append(" (-D").append(property).append(')');
        }
        if (value != null) {
            m.append(" = '").append(value).append('\'');
        }
        m.append(' ').append(problem).append(": ").append(fix);
        return m.toString();
    }

    public String element() {
        return element;
    }

    public String property() {
        return property;
    }

    public String value() {
        return value;
    }

    public String fix() {
        return fix;
    }
}

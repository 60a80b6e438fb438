package io.streambot.core;

import io.streambot.runtime.Durations;
import java.time.Duration;

/**
 * A duration from the pom or a {@code -D} property, read by the one parser streambot has
 * ({@link Durations}, shared with the runtime) and refused, naming the element, when it is not a
 * duration or is zero or negative where that makes no sense.
 */
public final class DurationSetting {
    private DurationSetting() {}

    /**
     * A duration that must be more than zero (a timeout, an interval).
     *
     * @throws InvalidConfigurationException naming {@code element} and {@code property}
     */
    public static Duration positive(String value, String element, String property) {
        return parse(value, element, property, Durations.Allowed.POSITIVE);
    }

    /**
     * The duration {@code value} spells, within {@code allowed}.
     *
     * @throws InvalidConfigurationException naming {@code element} and {@code property}
     */
    public static Duration parse(String value, String element, String property, Durations.Allowed allowed) {
        try {
            return Durations.parse(value, allowed);
        } catch (Durations.InvalidDurationException e) {
            throw new InvalidConfigurationException(
                    element,
                    property,
                    value,
                    "is " + e.getMessage(),
                    allowed == Durations.Allowed.POSITIVE
                            ? "give a duration above zero, such as 90s, 5m, 1h or PT10M"
                            : "give a duration such as 0s, 90s, 5m, 1h or PT10M");
        }
    }
}

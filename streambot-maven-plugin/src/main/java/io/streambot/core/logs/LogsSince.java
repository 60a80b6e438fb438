package io.streambot.core.logs;

import io.streambot.core.DurationSetting;
import io.streambot.core.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads where the logs start: an age ({@code 10m}, {@code 2h}, {@code PT30M}) or a moment in ISO-8601. */
public final class LogsSince {
    private LogsSince() {}

    /**
     * @param value {@code 10m}, {@code 90s}, {@code 1h}, {@code PT10M}, {@code 2026-12-01T06:00:00Z},
     *     {@code 2026-12-01T07:00:00+01:00}, {@code 2026-12-01T06:00} (UTC) or {@code 2026-12-01} (UTC midnight)
     * @throws InvalidConfigurationException naming {@code <since>} and the forms it accepts
     */
    public static Instant parse(String value, Instant now) {
        String v = value == null ? "" : value.trim();
        if (v.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
            try {
                if (v.length() == 10) {
                    return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
                }
                if (v.endsWith("Z") || v.matches(".*[+-]\\d{2}:\\d{2}$")) {
                    return OffsetDateTime.parse(v).toInstant();
                }
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        }
        Duration age;
        try {
            age = DurationSetting.positive(v, "<since>", "streambot.logs.since");
        } catch (InvalidConfigurationException e) {
            throw invalid(value);
        }
        if (age.isNegative()) {
            throw invalid(value);
        }
        return now.minus(age);
    }

    private static InvalidConfigurationException invalid(String value) {
        return new InvalidConfigurationException(
                "<since>",
                "streambot.logs.since",
                value,
                "is neither an age nor an ISO-8601 time",
                "write an age such as 10m, 2h or PT30M, or a time such as 2026-12-01T06:00:00Z");
    }
}

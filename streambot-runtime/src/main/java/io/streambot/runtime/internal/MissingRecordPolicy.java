package io.streambot.runtime.internal;

import java.util.Locale;

/** What the runtime does when the config table has no record for the function ({@code STREAMBOT_ENV_MISSING}). */
public enum MissingRecordPolicy {
    /** Run with an empty configuration and log one line (the original streambot's behaviour; the default). */
    EMPTY,
    /** Fail the invocation with an error naming the table and the function. */
    FAIL;

    static MissingRecordPolicy parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "empty" -> EMPTY;
            case "fail" -> FAIL;
            default ->
                throw new IllegalArgumentException(
                        RuntimeSettings.MISSING_VARIABLE + " must be 'empty' or 'fail', not '" + text + "'");
        };
    }
}

package io.streambot.core.invoke;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one local invocation.
 *
 * @param succeeded the handler returned
 * @param output the handler's output as JSON (what Lambda would return), empty when it failed
 * @param errorType the error's type as Lambda reports it ({@code Sandbox.Timedout} for a timeout)
 * @param errorMessage the error's message
 * @param stackTrace the error's stack trace lines
 * @param initFailed the handler could not be loaded or created (bad handler string, missing class)
 * @param duration how long the invocation took, JVM start included
 */
public record InvokeResult(
        boolean succeeded,
        String output,
        String errorType,
        String errorMessage,
        List<String> stackTrace,
        boolean initFailed,
        Duration duration) {
    public InvokeResult {
        stackTrace = List.copyOf(stackTrace);
    }

    /** {@code errorType: errorMessage}, as Lambda's console shows a failed invocation. */
    public String error() {
        return errorType + ": " + errorMessage;
    }
}

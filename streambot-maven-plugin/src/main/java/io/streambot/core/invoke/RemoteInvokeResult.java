package io.streambot.core.invoke;

import java.util.List;

/**
 * The outcome of one invocation of a deployed function.
 *
 * @param functionError Lambda's {@code X-Amz-Function-Error} ({@code Unhandled}, {@code Handled}), or null
 *     when the function returned
 * @param payload what the function returned, or its error document ({@code errorMessage}, {@code errorType})
 * @param errorType the error's type from the error document, or null
 * @param errorMessage the error's message from the error document (or the whole payload), or null
 * @param logTail the last lines the invocation logged ({@code LogType=Tail}: up to 4 KB), oldest first
 * @param durationMs the REPORT line's {@code Duration}, or null when the tail has no REPORT line
 * @param billedDurationMs the REPORT line's {@code Billed Duration}, or null
 * @param initDurationMs the REPORT line's {@code Init Duration} (a cold start), or null
 */
public record RemoteInvokeResult(
        String functionError,
        String payload,
        String errorType,
        String errorMessage,
        List<String> logTail,
        Double durationMs,
        Long billedDurationMs,
        Double initDurationMs) {
    public RemoteInvokeResult {
        logTail = List.copyOf(logTail);
    }

    public boolean succeeded() {
        return functionError == null;
    }

    /** "Duration 12.3 ms, billed 13 ms" (and the init duration of a cold start), or null without a REPORT line. */
    public String timing() {
        if (durationMs == null) {
            return null;
        }
        return "duration " + durationMs + " ms, billed " + billedDurationMs + " ms"
                + (initDurationMs == null ? "" : ", init " + initDurationMs + " ms (cold start)");
    }
}

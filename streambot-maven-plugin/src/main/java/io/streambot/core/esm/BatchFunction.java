package io.streambot.core.esm;

/** The function a batch is given to: the bundle run as Lambda runs it, or anything that answers like it. */
@FunctionalInterface
public interface BatchFunction {
    /**
     * Invokes the function with one event.
     *
     * @param eventJson Lambda's event document ({@code {"Records": [...]}})
     */
    Outcome invoke(String eventJson);

    /**
     * What the invocation returned.
     *
     * @param succeeded the handler returned (its output may still report item failures)
     * @param output the handler's output as JSON when it succeeded
     * @param error {@code errorType: errorMessage} when it failed
     */
    record Outcome(boolean succeeded, String output, String error) {
        public static Outcome success(String output) {
            return new Outcome(true, output, "");
        }

        public static Outcome failure(String error) {
            return new Outcome(false, "", error);
        }
    }
}

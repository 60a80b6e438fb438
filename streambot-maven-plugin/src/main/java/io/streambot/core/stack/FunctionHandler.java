package io.streambot.core.stack;

/**
 * A Java function's handler as a template declares it.
 *
 * @param template the template file, as the user knows it (relative to the project when inside it)
 * @param logicalId the function resource's logical id
 * @param handler the {@code Handler} property, such as {@code com.example.Ingest::handleRequest}
 */
public record FunctionHandler(String template, String logicalId, String handler) {
    /** Where the handler is written, for messages: {@code Handler of resource Ingest in src/main/cloudformation/service.yaml}. */
    public String source() {
        return "Handler of resource " + logicalId + " in " + template;
    }

    @Override
    public String toString() {
        return handler + " (resource " + logicalId + ")";
    }
}

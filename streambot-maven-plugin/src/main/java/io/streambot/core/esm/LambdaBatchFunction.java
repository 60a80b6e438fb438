package io.streambot.core.esm;

import io.streambot.core.invoke.InvokeRequest;
import io.streambot.core.invoke.InvokeResult;
import io.streambot.core.invoke.LocalLambdaRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bundle as the function of a local event source mapping: each batch's event is written to a file
 * and run by {@link LocalLambdaRuntime}, in a fresh JVM with Lambda's class path, exactly as {@code
 * streambot:invoke} runs one event.
 */
public final class LambdaBatchFunction implements BatchFunction {
    private final LocalLambdaRuntime runtime;
    private final InvokeRequest invocation;
    private final Path eventDirectory;
    private int count;

    /**
     * @param invocation the function's settings; its {@code event} is replaced by each batch's
     * @param eventDirectory where each batch's event file is written ({@code batch-00001.json}, ...)
     */
    public LambdaBatchFunction(LocalLambdaRuntime runtime, InvokeRequest invocation, Path eventDirectory) {
        this.runtime = runtime;
        this.invocation = invocation;
        this.eventDirectory = eventDirectory;
    }

    @Override
    public Outcome invoke(String eventJson) {
        Path event = eventDirectory.resolve(String.format("batch-%05d.json", ++count));
        try {
            Files.createDirectories(eventDirectory);
            Files.writeString(event, eventJson, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the batch's event " + event, e);
        }
        InvokeRequest request = new InvokeRequest(
                invocation.zip(),
                invocation.handler(),
                event,
                invocation.functionName(),
                invocation.timeout(),
                invocation.memoryMb(),
                invocation.region(),
                invocation.endpoint(),
                invocation.envTable(),
                invocation.credentials(),
                invocation.profile(),
                invocation.environment(),
                invocation.workDirectory());
        InvokeResult result = runtime.invoke(request);
        return result.succeeded() ? Outcome.success(result.output()) : Outcome.failure(result.error());
    }
}

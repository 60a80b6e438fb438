package io.streambot.core.esm;

import io.streambot.core.invoke.InvokeResult;
import io.streambot.core.invoke.WarmLambdaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bundle as the function of a local event source mapping: each batch's event is written to a file and
 * run by one long-lived JVM with Lambda's class path ({@link WarmLambdaProcess}), as a warm Lambda sandbox
 * runs one invocation after another.
 */
public final class LambdaBatchFunction implements BatchFunction, AutoCloseable {
    private final WarmLambdaProcess process;
    private final Path eventDirectory;
    private int count;

    /**
     * @param eventDirectory where each batch's event file is written ({@code batch-00001.json}, ...)
     */
    public LambdaBatchFunction(WarmLambdaProcess process, Path eventDirectory) {
        this.process = process;
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
        InvokeResult result = process.invoke(event);
        return result.succeeded() ? Outcome.success(result.output()) : Outcome.failure(result.error());
    }

    @Override
    public void close() {
        process.close();
    }
}

package io.streambot.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.streambot.runtime.internal.StreambotRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A streaming Lambda handler whose configuration is loaded before {@link #handle} runs; read it with
 * {@link StreambotEnv}. Loading, caching and failures work as described on {@link Streambot}.
 *
 * <p>The Lambda handler string is the subclass's: {@code com.example.Ingest::handleRequest}.
 */
public abstract class StreambotStreamHandler implements RequestStreamHandler {
    private final StreambotRuntime runtime;

    protected StreambotStreamHandler() {
        this(StreambotRuntime.system());
    }

    StreambotStreamHandler(StreambotRuntime runtime) {
        this.runtime = runtime;
        // Lambda constructs the handler at init: start the record's read now (see Streambot, "When it is read").
        runtime.readAhead();
    }

    /** Loads the configuration (when due), then calls {@link #handle}. */
    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StreambotEnv.Snapshot before = runtime.begin(context);
        try {
            handle(input, output, context);
        } finally {
            StreambotRuntime.end(before);
        }
    }

    /** Handles one event; {@link StreambotEnv} holds the function's configuration. */
    protected abstract void handle(InputStream input, OutputStream output, Context context) throws IOException;
}

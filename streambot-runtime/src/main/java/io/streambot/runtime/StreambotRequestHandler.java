package io.streambot.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.streambot.runtime.internal.StreambotRuntime;

/**
 * A Lambda handler whose configuration is loaded before {@link #handle} runs; read it with
 * {@link StreambotEnv}. Loading, caching and failures work as described on {@link Streambot}.
 *
 * <pre>{@code
 * public class Ingest extends StreambotRequestHandler<KinesisEvent, Void> {
 *     protected Void handle(KinesisEvent event, Context context) {
 *         String bucket = StreambotEnv.get("EventBucket");
 *         ...
 *     }
 * }
 * }</pre>
 *
 * The Lambda handler string is the subclass's: {@code com.example.Ingest::handleRequest}.
 *
 * @param <I> the event type
 * @param <O> the result type
 */
public abstract class StreambotRequestHandler<I, O> implements RequestHandler<I, O> {
    private final StreambotRuntime runtime;

    protected StreambotRequestHandler() {
        this(StreambotRuntime.system());
    }

    StreambotRequestHandler(StreambotRuntime runtime) {
        this.runtime = runtime;
        // Lambda constructs the handler at init: start the record's read now (see Streambot, "When it is read").
        runtime.readAhead();
    }

    /** Loads the configuration (when due), then calls {@link #handle}. */
    @Override
    public final O handleRequest(I input, Context context) {
        StreambotEnv.Snapshot before = runtime.begin(context);
        try {
            return handle(input, context);
        } finally {
            StreambotRuntime.end(before);
        }
    }

    /** Handles one event; {@link StreambotEnv} holds the function's configuration. */
    protected abstract O handle(I input, Context context);
}

package {{package}};

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.streambot.runtime.Streambot;
import io.streambot.runtime.StreambotEnv;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The function: {@code {{package}}.Handler::handleRequest}. streambot-runtime loads the function's
 * configuration (its record in the streambot config table, written by the template's Custom::StreambotEnv)
 * before each batch; {@link #handle} does the work and is what the unit test calls.
 */
public final class Handler implements RequestHandler<KinesisEvent, String> {
    private static final RequestHandler<KinesisEvent, String> WRAPPED =
            Streambot.wrap((event, context) -> handle(event, StreambotEnv.current(), context.getLogger()::log));

    @Override
    public String handleRequest(KinesisEvent event, Context context) {
        return WRAPPED.handleRequest(event, context);
    }

    /** Logs each record's partition key and data, prefixed with the configured {@code LogPrefix}. */
    static String handle(KinesisEvent event, StreambotEnv.Snapshot config, Consumer<String> log) {
        String prefix = config.get("LogPrefix", "received");
        int count = 0;
        for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
            KinesisEvent.Record kinesis = record.getKinesis();
            String data = StandardCharsets.UTF_8.decode(kinesis.getData()).toString();
            log.accept(prefix + " " + kinesis.getPartitionKey() + ": " + data);
            count++;
        }
        return "processed " + count + " records";
    }
}

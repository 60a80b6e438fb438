package {{package}};

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.streambot.runtime.Streambot;
import io.streambot.runtime.StreambotEnv;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The function: {@code {{package}}.Handler::handleRequest}. streambot-runtime loads the function's
 * configuration (its record in the streambot config table, written by {@code mvn deploy} from the pom's
 * {@code <env>}) before each batch; {@link #handle} does the work and is what the unit test calls.
 */
public final class Handler implements RequestHandler<DynamodbEvent, String> {
    private static final RequestHandler<DynamodbEvent, String> WRAPPED =
            Streambot.wrap((event, context) -> handle(event, StreambotEnv.current(), context.getLogger()::log));

    @Override
    public String handleRequest(DynamodbEvent event, Context context) {
        return WRAPPED.handleRequest(event, context);
    }

    /** Logs each change's event name and keys, prefixed with the configured {@code LogPrefix}. */
    static String handle(DynamodbEvent event, StreambotEnv.Snapshot config, Consumer<String> log) {
        String prefix = config.get("LogPrefix", "changed");
        int count = 0;
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            log.accept(prefix + " " + record.getEventName() + " " + keys(record.getDynamodb().getKeys()));
            count++;
        }
        return "processed " + count + " changes";
    }

    /** {@code {id=42}}: each key attribute's string or number value, in name order. */
    private static Map<String, String> keys(Map<String, AttributeValue> keys) {
        Map<String, String> out = new TreeMap<>();
        keys.forEach((name, value) -> out.put(name, value.getS() != null ? value.getS() : value.getN()));
        return out;
    }
}

package io.streambot.examples.echo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.streambot.runtime.StreambotEnv;
import io.streambot.runtime.StreambotRequestHandler;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Lambda handler of the dynamodb-stream-echo example: {@code
 * io.streambot.examples.echo.DynamoDbStreamEcho::handleRequest}. Logs one line per change: the event
 * name, the keys and the new image. The optional configuration key {@code EchoAttributes}
 * (comma-separated attribute names, {@code *} for all) limits the logged image to those attributes; the
 * function needs no record at all.
 */
public final class DynamoDbStreamEcho extends StreambotRequestHandler<DynamodbEvent, String> {
    static final String ATTRIBUTES_KEY = "EchoAttributes";

    @Override
    protected String handle(DynamodbEvent event, Context context) {
        List<DynamodbEvent.DynamodbStreamRecord> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        Set<String> only = Arrays.stream(StreambotEnv.get(ATTRIBUTES_KEY, "*").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty() && !s.equals("*"))
                .collect(Collectors.toSet());
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
            Map<String, AttributeValue> shown = new TreeMap<>(image == null ? Map.of() : image);
            if (!only.isEmpty()) {
                shown.keySet().retainAll(only);
            }
            context.getLogger()
                    .log(record.getEventName() + " keys="
                            + format(record.getDynamodb().getKeys()) + " newImage=" + format(shown));
        }
        return "echoed " + records.size() + " changes";
    }

    /** {@code {id=S:42, n=N:7}}: each attribute with its DynamoDB type, in name order. */
    static String format(Map<String, AttributeValue> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        new TreeMap<>(attributes == null ? Map.<String, AttributeValue>of() : attributes)
                .forEach((name, value) -> out.put(name, format(value)));
        return out.toString();
    }

    private static String format(AttributeValue v) {
        if (v.getS() != null) {
            return "S:" + v.getS();
        }
        if (v.getN() != null) {
            return "N:" + v.getN();
        }
        if (v.getBOOL() != null) {
            return "BOOL:" + v.getBOOL();
        }
        if (v.getNULL() != null) {
            return "NULL";
        }
        if (v.getSS() != null) {
            return "SS:" + v.getSS();
        }
        if (v.getNS() != null) {
            return "NS:" + v.getNS();
        }
        if (v.getM() != null) {
            return "M:" + format(v.getM());
        }
        if (v.getL() != null) {
            return "L:" + v.getL().stream().map(DynamoDbStreamEcho::format).toList();
        }
        return "B";
    }
}

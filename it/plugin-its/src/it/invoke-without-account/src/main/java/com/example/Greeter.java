package com.example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.streambot.runtime.Streambot;
import io.streambot.runtime.StreambotEnv;
import java.util.Map;

/** Reads its config through streambot-runtime, exactly as on Lambda. */
public class Greeter implements RequestHandler<Map<String, Object>, String> {
    private static final RequestHandler<Map<String, Object>, String> HANDLER = Streambot.wrap((event, context) ->
            StreambotEnv.get("Greeting") + ", " + StreambotEnv.get("Target") + StreambotEnv.get("Punctuation")
                    + " (" + event.get("from") + ")");

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return HANDLER.handleRequest(event, context);
    }
}

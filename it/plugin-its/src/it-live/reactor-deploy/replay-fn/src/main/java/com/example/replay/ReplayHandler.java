package com.example.replay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

public class ReplayHandler implements RequestHandler<String, String> {
    @Override
    public String handleRequest(String input, Context context) {
        return "replay " + input;
    }
}

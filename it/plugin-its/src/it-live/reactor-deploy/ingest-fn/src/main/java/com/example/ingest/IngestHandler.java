package com.example.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

public class IngestHandler implements RequestHandler<String, String> {
    @Override
    public String handleRequest(String input, Context context) {
        return "ingest " + input;
    }
}

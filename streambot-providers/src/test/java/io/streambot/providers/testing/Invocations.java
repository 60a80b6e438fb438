package io.streambot.providers.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.CustomResourceRequests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** Invokes a provider in-process the way Lambda does, and builds the provider's environment. */
public final class Invocations {
    private Invocations() {}

    public static String invoke(RequestStreamHandler handler, CustomResourceRequests request, Context context) {
        return invoke(handler, request.toBytes(), context);
    }

    public static String invoke(RequestStreamHandler handler, byte[] event, Context context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The variables Lambda would give a provider: region, the credentials, and the endpoint of the
     * kit's server for {@code service} (none when the tests target real AWS).
     */
    public static Map<String, String> variables(String service, Optional<URI> endpoint) {
        Map<String, String> variables = new HashMap<>();
        variables.put("AWS_REGION", AwsEndpoints.region().id());
        AwsCredentials credentials = AwsEndpoints.credentials(service).resolveCredentials();
        variables.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        variables.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        if (credentials instanceof software.amazon.awssdk.auth.credentials.AwsSessionCredentials session) {
            variables.put("AWS_SESSION_TOKEN", session.sessionToken());
        }
        endpoint.ifPresent(uri -> variables.put("STREAMBOT_ENDPOINT", uri.toString()));
        return variables;
    }
}

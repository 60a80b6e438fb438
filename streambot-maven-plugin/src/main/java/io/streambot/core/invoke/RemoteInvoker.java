package io.streambot.core.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsErrors;
import io.streambot.core.service.DeployedFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * Invokes a deployed function with an event file (Invoke, {@code RequestResponse}, {@code LogType=Tail}):
 * the result, or the function's error with the tail of its log, and the duration and billed duration
 * from the tail's REPORT line.
 */
public final class RemoteInvoker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DURATION = Pattern.compile("\\tDuration: ([0-9.]+) ms");
    private static final Pattern BILLED = Pattern.compile("Billed Duration: ([0-9]+) ms");
    private static final Pattern INIT = Pattern.compile("Init Duration: ([0-9.]+) ms");

    private final LambdaClient lambda;

    public RemoteInvoker(LambdaClient lambda) {
        this.lambda = lambda;
    }

    /**
     * Checks the event file before any call.
     *
     * @throws InvalidConfigurationException naming {@code <event>} when it is missing or not JSON
     */
    public static byte[] readEvent(Path event) {
        if (event == null) {
            throw new InvalidConfigurationException(
                    "<event>",
                    "streambot.invoke.event",
                    null,
                    "is not set",
                    "give a JSON event file, such as -Dstreambot.invoke.event=src/test/resources/events/kinesis.json");
        }
        if (!Files.isRegularFile(event)) {
            throw new InvalidConfigurationException(
                    "<event>",
                    "streambot.invoke.event",
                    String.valueOf(event),
                    "is not a file",
                    "give a JSON event file, such as src/test/resources/events/kinesis.json");
        }
        try {
            byte[] bytes = Files.readAllBytes(event);
            JSON.readTree(bytes);
            return bytes;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidConfigurationException(
                    "<event>",
                    "streambot.invoke.event",
                    event.toString(),
                    "is not JSON (" + e.getOriginalMessage() + ")",
                    "fix the file: Lambda delivers events as JSON documents");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + event, e);
        }
    }

    /**
     * @throws io.streambot.core.aws.AwsCallException when Lambda refuses the call (not the function's own error)
     */
    public RemoteInvokeResult invoke(DeployedFunction function, byte[] event) {
        InvokeResponse response;
        try {
            response = lambda.invoke(b -> b.functionName(function.physicalId())
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .logType(LogType.TAIL)
                    .payload(SdkBytes.fromByteArray(event)));
        } catch (SdkException e) {
            throw AwsErrors.translate("invoke function " + function.logicalId(), function.physicalId(), e);
        }
        String payload = response.payload() == null ? "" : response.payload().asUtf8String();
        List<String> tail = tail(response.logResult());
        String error = response.functionError();
        String errorType = null;
        String errorMessage = null;
        if (error != null) {
            try {
                JsonNode doc = JSON.readTree(payload);
                errorType = doc.path("errorType").asText(null);
                errorMessage = doc.path("errorMessage").asText(null);
            } catch (IOException notJson) {
                // the payload is the message
            }
            if (errorMessage == null) {
                errorMessage = payload;
            }
        }
        Double duration = null;
        Long billed = null;
        Double init = null;
        for (String line : tail) {
            if (line.startsWith("REPORT ")) {
                duration = number(DURATION, line);
                Double b = number(BILLED, line);
                billed = b == null ? null : b.longValue();
                init = number(INIT, line);
            }
        }
        return new RemoteInvokeResult(error, payload, errorType, errorMessage, tail, duration, billed, init);
    }

    private static List<String> tail(String logResult) {
        if (logResult == null || logResult.isEmpty()) {
            return List.of();
        }
        String text = new String(Base64.getDecoder().decode(logResult), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\\r?\\n")));
        lines.removeIf(String::isBlank);
        return lines;
    }

    private static Double number(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}

package io.streambot.providers.internal;

import io.streambot.runtime.Backoff;
import io.streambot.runtime.seams.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * PUTs the answer to the presigned {@code ResponseURL}: no content type (the URL is signed without
 * one), retried with backoff while the invocation has time left; only a 2xx status counts.
 */
public final class ResponseSender {
    static final int MAX_ATTEMPTS = 6;
    private static final Backoff BACKOFF = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(4));
    static final long MIN_ATTEMPT_MILLIS = 200;
    private static final long MAX_ATTEMPT_MILLIS = 15_000;

    private final Sleeper sleeper;

    public ResponseSender(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /**
     * @param remainingMillis the invocation's remaining time, read before every attempt
     * @return whether a 2xx answer came back
     */
    public boolean send(URI url, byte[] body, LongSupplier remainingMillis, Consumer<String> log) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            long remaining = remainingMillis.getAsLong();
            if (remaining < MIN_ATTEMPT_MILLIS) {
                log.accept("Not answering CloudFormation: only " + remaining + " ms left before the Lambda deadline");
                return false;
            }
            int timeout = (int) Math.min(MAX_ATTEMPT_MILLIS, remaining - MIN_ATTEMPT_MILLIS / 2);
            try {
                int status = put(url, body, timeout);
                if (status / 100 == 2) {
                    return true;
                }
                log.accept("The response URL answered HTTP " + status + " (attempt " + attempt + ")");
            } catch (IOException e) {
                log.accept("The response PUT failed (attempt " + attempt + "): " + e);
            }
            if (attempt < MAX_ATTEMPTS) {
                Duration delay = BACKOFF.delay(attempt - 1);
                if (remainingMillis.getAsLong() - delay.toMillis() < MIN_ATTEMPT_MILLIS) {
                    break;
                }
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        log.accept("Gave up answering CloudFormation; the stack operation will wait for its ServiceTimeout");
        return false;
    }

    private static int put(URI url, byte[] body, int timeoutMillis) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        try {
            connection.setRequestMethod("PUT");
            connection.setConnectTimeout(timeoutMillis);
            connection.setReadTimeout(timeoutMillis);
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            // Without this HttpURLConnection sends a form content type that breaks the URL's signature.
            connection.setRequestProperty("Content-Type", "");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status;
        } finally {
            connection.disconnect();
        }
    }
}

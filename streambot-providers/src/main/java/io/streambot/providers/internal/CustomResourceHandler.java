package io.streambot.providers.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.streambot.providers.internal.CustomResourceRequest.Addressing;
import io.streambot.providers.internal.CustomResourceRequest.MalformedRequestException;
import io.streambot.runtime.internal.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The base of a custom-resource provider: parses the request, dispatches Create/Update/Delete and
 * sends exactly one answer, SUCCESS or FAILED, to the {@code ResponseURL}, whatever happens: a
 * malformed event, an exception, or work that would outlive the function (a watchdog answers
 * FAILED "timed out" while there is still time to PUT).
 *
 * <p>Physical ids: a failed Create answers with a marker id ({@link #isFailedCreateMarker}) and a
 * Delete of that id succeeds without calling {@link #delete}; a failed Update or Delete keeps the
 * request's physical id, so CloudFormation never mistakes a failure for a replacement.
 */
public abstract class CustomResourceHandler implements RequestStreamHandler {
    /** The prefix of the physical id a failed Create answers with. */
    public static final String FAILED_CREATE_PREFIX = "streambot:create-failed:";

    /** The watchdog keeps this share of the remaining time (at most {@link #MAX_ANSWER_RESERVE_MILLIS}) to answer. */
    static final int ANSWER_RESERVE_DIVISOR = 3;

    static final long MAX_ANSWER_RESERVE_MILLIS = 10_000;

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "streambot-provider-work");
        thread.setDaemon(true);
        return thread;
    });

    private final ResponseSender sender;

    protected CustomResourceHandler(Sleeper sleeper) {
        this.sender = new ResponseSender(sleeper);
    }

    /** What a successful operation answers: the physical id and the {@code Data} (never a property value). */
    protected record Outcome(String physicalResourceId, Map<String, String> data) {
        public Outcome {
            data = Map.copyOf(data);
        }
    }

    protected abstract Outcome create(CustomResourceRequest request, Context context) throws Exception;

    protected abstract Outcome update(CustomResourceRequest request, String physicalResourceId, Context context)
            throws Exception;

    /** Deletes the resource; called for every physical id except a failed-Create marker. */
    protected abstract void delete(CustomResourceRequest request, String physicalResourceId, Context context)
            throws Exception;

    public static boolean isFailedCreateMarker(String physicalResourceId) {
        return physicalResourceId.startsWith(FAILED_CREATE_PREFIX);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] raw = input.readAllBytes();
        CustomResourceResponse response;
        try {
            CustomResourceRequest request = CustomResourceRequest.parse(raw);
            log(
                    context,
                    request.requestType().wireName() + " " + request.resourceType() + " '"
                            + request.addressing().logicalResourceId() + "' in "
                            + request.addressing().stackId()
                            + request.physicalResourceId()
                                    .map(id -> " (physical id " + id + ")")
                                    .orElse("")
                            + "; properties " + request.properties().names());
            response = serveOrFail(request, context);
        } catch (MalformedRequestException e) {
            Addressing addressing = e.addressing();
            log(context, e.getMessage());
            if (addressing.responseUrl().isEmpty()) {
                log(context, "Cannot answer CloudFormation: the event has no usable ResponseURL");
                return;
            }
            response = failure(
                    addressing, addressing.physicalResourceId().orElse(failedCreateId(addressing)), e.getMessage());
        }
        byte[] body = response.toJson();
        log(
                context,
                "Answering " + response.status() + " for physical id " + response.physicalResourceId()
                        + (response.success()
                                ? ""
                                : ": " + CustomResourceResponse.utf8Prefix(response.reason(), 1000)));
        sender.send(
                response.addressing().responseUrl().orElseThrow(),
                body,
                () -> context.getRemainingTimeInMillis(),
                line -> log(context, line));
        output.write(body);
    }

    private CustomResourceResponse serveOrFail(CustomResourceRequest request, Context context) {
        try {
            return serve(request, context);
        } catch (RuntimeException e) {
            log(context, "Could not run the operation: " + e);
            return failure(
                    request.addressing(),
                    request.physicalResourceId().orElseGet(() -> failedCreateId(request.addressing())),
                    reasonFor(e));
        }
    }

    private CustomResourceResponse serve(CustomResourceRequest request, Context context) {
        Addressing addressing = request.addressing();
        String failureId = request.physicalResourceId().orElseGet(() -> failedCreateId(addressing));
        long remaining = context.getRemainingTimeInMillis();
        long budget = remaining - Math.min(MAX_ANSWER_RESERVE_MILLIS, remaining / ANSWER_RESERVE_DIVISOR);
        Future<Outcome> work = WORKERS.submit(() -> dispatch(request, context));
        try {
            Outcome outcome = work.get(Math.max(0, budget), TimeUnit.MILLISECONDS);
            return new CustomResourceResponse(true, "", outcome.physicalResourceId(), addressing, outcome.data());
        } catch (TimeoutException e) {
            work.cancel(true);
            return failure(
                    addressing,
                    failureId,
                    "Timed out: the " + request.requestType().wireName() + " did not finish within "
                            + Math.max(0, budget) + " ms; answering before the provider function's deadline."
                            + " Retry the stack operation; if it keeps timing out, raise the provider's Timeout");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            log(context, trace.toString());
            return failure(addressing, failureId, reasonFor(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            work.cancel(true);
            return failure(addressing, failureId, "Interrupted before the operation finished");
        }
    }

    private Outcome dispatch(CustomResourceRequest request, Context context) throws Exception {
        return switch (request.requestType()) {
            case CREATE -> create(request, context);
            case UPDATE -> update(request, request.physicalResourceId().orElseThrow(), context);
            case DELETE -> {
                String id = request.physicalResourceId().orElseThrow();
                if (isFailedCreateMarker(id)) {
                    log(context, "Nothing to delete: the resource's Create had failed");
                } else {
                    delete(request, id, context);
                }
                yield new Outcome(id, Map.of());
            }
        };
    }

    private static String reasonFor(Throwable cause) {
        if (cause instanceof InvalidPropertyException || cause instanceof ProviderException) {
            return cause.getMessage();
        }
        if (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": "
                    + aws.awsErrorDetails().errorMessage();
        }
        if (cause instanceof SdkClientException) {
            return "AWS call failed: " + cause.getMessage();
        }
        // Unexpected failures may carry values in their messages: the log has the details.
        return "Internal error (" + cause.getClass().getName() + "); see the provider function's log";
    }

    private static CustomResourceResponse failure(Addressing addressing, String physicalResourceId, String reason) {
        return new CustomResourceResponse(false, reason, physicalResourceId, addressing, Map.of());
    }

    private static String failedCreateId(Addressing addressing) {
        return FAILED_CREATE_PREFIX + (addressing.requestId().isEmpty() ? "unknown-request" : addressing.requestId());
    }

    private static void log(Context context, String line) {
        context.getLogger().log(line + "\n");
    }
}

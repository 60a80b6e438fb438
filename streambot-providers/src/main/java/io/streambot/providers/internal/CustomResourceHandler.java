package io.streambot.providers.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.streambot.providers.internal.CustomResourceRequest.Addressing;
import io.streambot.providers.internal.CustomResourceRequest.MalformedRequestException;
import io.streambot.runtime.seams.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The base of a custom-resource provider: parses the request, dispatches Create/Update/Delete and
 * sends exactly one answer, SUCCESS or FAILED, to the {@code ResponseURL}, whatever happens: a
 * malformed event, an exception, or work that would outlive the function (a watchdog answers
 * FAILED "timed out" while there is still time to PUT).
 *
 * <p>Nothing is left behind by a FAILED answer: the operation registers how to undo each change in its
 * {@link Work} journal before it makes it; on any failure the watchdog stops the work, runs the undo
 * journal, and only then answers. A change that lands later (a call in flight when the watchdog fired)
 * is undone at once by the sealed journal, and the handler waits for stopped work to end before it
 * returns, so Lambda never freezes it half-way.
 *
 * <p>Time: the remaining time is split into the work's budget, an undo reserve and an answer reserve
 * that always allows at least one answer attempt; with too little time for any work, the request is
 * answered FAILED without starting it.
 *
 * <p>Physical ids: a failed Create answers with a marker id ({@link #isFailedCreateMarker}) and a
 * Delete of that id succeeds without calling {@link #delete}; a failed Update or Delete keeps the
 * request's physical id, so CloudFormation never mistakes a failure for a replacement.
 */
public abstract class CustomResourceHandler implements RequestStreamHandler {
    /** The prefix of the physical id a failed Create answers with. */
    public static final String FAILED_CREATE_PREFIX = "streambot:create-failed:";

    /**
     * The watchdog keeps a quarter of the remaining time, at least {@link #MIN_ANSWER_RESERVE_MILLIS} and at
     * most {@link #MAX_RESERVE_MILLIS}, to answer, and another quarter (at most {@link #MAX_RESERVE_MILLIS})
     * to undo the work it stops; the work gets the rest.
     */
    static final int RESERVE_DIVISOR = 4;

    /** Always enough for one answer attempt ({@link ResponseSender#MIN_ATTEMPT_MILLIS}) and its connection. */
    static final long MIN_ANSWER_RESERVE_MILLIS = 500;

    static final long MAX_RESERVE_MILLIS = 10_000;

    /** Below this much time for the work, it is not started at all and the answer is FAILED at once. */
    static final long MIN_WORK_MILLIS = 100;

    /** After answering, the handler waits for stopped work to end until this much time is left. */
    static final long FINAL_MARGIN_MILLIS = 100;

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

    protected abstract Outcome create(CustomResourceRequest request, Work work) throws Exception;

    protected abstract Outcome update(CustomResourceRequest request, String physicalResourceId, Work work)
            throws Exception;

    /** Deletes the resource; called for every physical id except a failed-Create marker. */
    protected abstract void delete(CustomResourceRequest request, String physicalResourceId, Work work)
            throws Exception;

    /**
     * The Delete of a resource whose Create answered FAILED (request {@code createRequestId}): by default
     * nothing to do, since a failed Create undoes its work before it answers. A provider whose work can
     * land after the answer removes it here too.
     */
    protected void deleteAfterFailedCreate(CustomResourceRequest request, String createRequestId, Work work)
            throws Exception {
        work.log("Nothing to delete: the resource's Create had failed");
    }

    public static boolean isFailedCreateMarker(String physicalResourceId) {
        return physicalResourceId.startsWith(FAILED_CREATE_PREFIX);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] raw = input.readAllBytes();
        CustomResourceResponse response;
        Running[] running = new Running[1];
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
            response = serveOrFail(request, context, running);
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
        if (running[0] != null && running[0].ended().getCount() > 0) {
            // Stopped work may still finish a call; its sealed journal undoes what that call changed.
            log(context, "Waiting for the stopped operation to end");
            awaitQuietly(running[0].ended(), context, FINAL_MARGIN_MILLIS);
        }
        output.write(body);
    }

    /** The work of the request being served, until it has ended; waited for after the answer. */
    private record Running(Future<Outcome> future, CountDownLatch ended) {}

    private CustomResourceResponse serveOrFail(CustomResourceRequest request, Context context, Running[] running) {
        try {
            return serve(request, context, running);
        } catch (RuntimeException e) {
            log(context, "Could not run the operation: " + e);
            return failure(
                    request.addressing(),
                    request.physicalResourceId().orElseGet(() -> failedCreateId(request.addressing())),
                    reasonFor(e));
        }
    }

    private CustomResourceResponse serve(CustomResourceRequest request, Context context, Running[] running) {
        Addressing addressing = request.addressing();
        String failureId = request.physicalResourceId().orElseGet(() -> failedCreateId(addressing));
        long remaining = context.getRemainingTimeInMillis();
        long answerReserve =
                Math.max(MIN_ANSWER_RESERVE_MILLIS, Math.min(MAX_RESERVE_MILLIS, remaining / RESERVE_DIVISOR));
        long undoReserve = Math.min(MAX_RESERVE_MILLIS, remaining / RESERVE_DIVISOR);
        long budget = remaining - answerReserve - undoReserve;
        if (budget < MIN_WORK_MILLIS) {
            return failure(
                    addressing,
                    failureId,
                    "Not started: only " + remaining + " ms were left of the provider function's time, too little"
                            + " to run the " + request.requestType().wireName() + " and still answer; nothing was"
                            + " changed. Raise the provider's Timeout and retry the stack operation");
        }
        Work work = new Work(context, answerReserve + undoReserve, line -> log(context, line));
        CountDownLatch ended = new CountDownLatch(1);
        Future<Outcome> future = WORKERS.submit(() -> {
            try {
                return dispatch(request, work);
            } finally {
                ended.countDown();
            }
        });
        running[0] = new Running(future, ended);
        String reason;
        String timedOut = "Timed out: the " + request.requestType().wireName() + " did not finish within " + budget
                + " ms; answering before the provider function's deadline."
                + " Retry the stack operation; if it keeps timing out, raise the provider's Timeout";
        try {
            Outcome outcome = future.get(budget, TimeUnit.MILLISECONDS);
            work.commit();
            return new CustomResourceResponse(true, "", outcome.physicalResourceId(), addressing, outcome.data());
        } catch (TimeoutException e) {
            reason = timedOut;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            log(context, trace.toString());
            // An AWS call bounded by the work's budget (Work#callTimeout) is the watchdog firing from inside.
            reason = cause instanceof ApiCallTimeoutException ? timedOut : reasonFor(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "Interrupted before the operation finished";
        }
        future.cancel(true);
        awaitQuietly(ended, context, answerReserve + undoReserve / 2);
        List<String> problems = work.undoAll(answerReserve);
        if (!problems.isEmpty()) {
            reason = reason + " (" + String.join("; ", problems) + ")";
        }
        return failure(addressing, failureId, reason);
    }

    /** Waits for {@code ended} until only {@code stopAtRemainingMillis} are left; keeps the interrupt status. */
    private static void awaitQuietly(CountDownLatch ended, Context context, long stopAtRemainingMillis) {
        long wait = context.getRemainingTimeInMillis() - stopAtRemainingMillis;
        if (wait <= 0) {
            return;
        }
        try {
            ended.await(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Outcome dispatch(CustomResourceRequest request, Work work) throws Exception {
        return switch (request.requestType()) {
            case CREATE -> create(request, work);
            case UPDATE -> update(request, request.physicalResourceId().orElseThrow(), work);
            case DELETE -> {
                String id = request.physicalResourceId().orElseThrow();
                if (isFailedCreateMarker(id)) {
                    deleteAfterFailedCreate(request, id.substring(FAILED_CREATE_PREFIX.length()), work);
                } else {
                    delete(request, id, work);
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

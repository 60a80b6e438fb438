package io.streambot.providers.connector;

import io.streambot.providers.connector.ConnectorProperties.FunctionId;
import io.streambot.providers.internal.ProviderException;
import io.streambot.providers.internal.Work;
import io.streambot.runtime.Backoff;
import io.streambot.runtime.seams.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FilterCriteria;
import software.amazon.awssdk.services.lambda.model.ListTagsResponse;
import software.amazon.awssdk.services.lambda.model.OnFailure;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceInUseException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The event-source-mapping operations of one request against one region's Lambda API: adopting an
 * existing mapping, in-place updates, retries of {@code ResourceInUseException} and the bounded
 * wait for a mapping to leave its transitional states.
 *
 * <p>Every mapping this provider creates carries the tags {@value #TAG_MANAGED_BY}, {@value #TAG_STACK},
 * {@value #TAG_LOGICAL_ID} and {@value #TAG_REQUEST}. An existing mapping for the same stream and
 * function is adopted only when those tags say this stack's streambot created it, or when the template
 * says {@code Adopt: true}. Every change registers its undo in the request's {@link Work} journal before
 * it is made, so a FAILED answer never leaves a mapping this request created.
 */
final class EventSourceMappings {
    static final Set<String> TRANSITIONAL = Set.of("Creating", "Updating", "Enabling", "Disabling");
    static final int MAX_POLLS = 30;
    static final int MAX_IN_USE_RETRIES = 8;
    static final Backoff POLL_BACKOFF = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10));
    static final Backoff IN_USE_BACKOFF = Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(15));

    /** The tag that marks a mapping as created by streambot; its value is the resource type. */
    static final String TAG_MANAGED_BY = "streambot:managed-by";
    /** The stack whose resource created (or adopted) the mapping. */
    static final String TAG_STACK = "streambot:stack-id";
    /** The logical id of that resource. */
    static final String TAG_LOGICAL_ID = "streambot:logical-id";
    /** The CloudFormation request that created the mapping (to find it when its Create's answer was lost). */
    static final String TAG_REQUEST = "streambot:request-id";

    static final String MANAGED_BY = "Custom::StreambotConnector";
    private static final int MAX_TAG_VALUE = 256;

    /** Who asks: the stack, the resource's logical id and the request's id. */
    record Owner(String stackId, String logicalResourceId, String requestId) {
        Map<String, String> tags() {
            Map<String, String> tags = new TreeMap<>();
            tags.put(TAG_MANAGED_BY, MANAGED_BY);
            tags.put(TAG_STACK, tagValue(stackId));
            tags.put(TAG_LOGICAL_ID, tagValue(logicalResourceId));
            tags.put(TAG_REQUEST, tagValue(requestId));
            return tags;
        }

        boolean ownsByTags(Map<String, String> tags) {
            return MANAGED_BY.equals(tags.get(TAG_MANAGED_BY))
                    && tagValue(stackId).equals(tags.get(TAG_STACK));
        }

        private static String tagValue(String text) {
            return text.length() <= MAX_TAG_VALUE ? text : text.substring(0, MAX_TAG_VALUE);
        }
    }

    private final LambdaClient lambda;
    private final Sleeper sleeper;
    private final Work work;
    private final Owner owner;

    EventSourceMappings(LambdaClient lambda, Sleeper sleeper, Work work, Owner owner) {
        this.lambda = lambda;
        this.sleeper = sleeper;
        this.work = work;
        this.owner = owner;
    }

    /**
     * Creates the mapping, or adopts an existing one for the same stream and function (when this
     * stack's streambot created it, or {@code Adopt: true}); returns its UUID.
     */
    String create(ConnectorProperties spec) throws InterruptedException {
        Optional<EventSourceMappingConfiguration> existing = findExisting(spec);
        if (existing.isPresent()) {
            return adopt(existing.get(), spec);
        }
        stopIfInterrupted();
        // Registered before the call: if the answer is lost (the watchdog fired), the tags still find the mapping.
        Work.Registration pending = work.onFailure(
                "delete the mapping this request created for " + spec.streamArn() + " -> " + spec.functionName(),
                timeout -> findCreatedByThisRequest(spec, timeout).ifPresent(uuid -> deleteNow(uuid, timeout)));
        String uuid;
        try {
            uuid = retryInUse(() -> lambda.createEventSourceMapping(b -> {
                        b.functionName(spec.functionName())
                                .eventSourceArn(spec.streamArn())
                                .batchSize(spec.batchSize())
                                .enabled(spec.enabled())
                                .startingPosition(spec.startingPosition())
                                .tags(owner.tags())
                                .overrideConfiguration(work.callTimeout());
                        spec.startingPositionTimestamp().ifPresent(b::startingPositionTimestamp);
                        spec.maximumBatchingWindowInSeconds().ifPresent(b::maximumBatchingWindowInSeconds);
                        spec.parallelizationFactor().ifPresent(b::parallelizationFactor);
                        spec.bisectBatchOnFunctionError().ifPresent(b::bisectBatchOnFunctionError);
                        spec.maximumRetryAttempts().ifPresent(b::maximumRetryAttempts);
                        spec.maximumRecordAgeInSeconds().ifPresent(b::maximumRecordAgeInSeconds);
                        spec.tumblingWindowInSeconds().ifPresent(b::tumblingWindowInSeconds);
                        spec.functionResponseTypes().ifPresent(b::functionResponseTypes);
                        spec.destinationConfig().ifPresent(b::destinationConfig);
                        spec.filterCriteria().ifPresent(b::filterCriteria);
                    }))
                    .uuid();
        } catch (ResourceConflictException e) {
            pending.dismiss();
            // Created by someone else between our look-up and our create.
            EventSourceMappingConfiguration raced = findExisting(spec)
                    .orElseThrow(() -> new ProviderException("Lambda reports a mapping for this stream and function"
                            + " already exists, but it could not be found to adopt it: "
                            + e.awsErrorDetails().errorMessage()));
            return adopt(raced, spec);
        }
        // The exact undo replaces the search; if the request was answered FAILED meanwhile, it runs now.
        work.onFailure("delete mapping " + uuid + " that this request created", timeout -> deleteNow(uuid, timeout));
        pending.dismiss();
        work.log("Created event source mapping " + uuid);
        awaitSettled(uuid, spec.enabled());
        return uuid;
    }

    /** After a Create that answered FAILED: deletes any mapping that request created (found by its tags). */
    void deleteCreatedBy(ConnectorProperties spec, String requestId) {
        Owner failed = new Owner(owner.stackId(), owner.logicalResourceId(), requestId);
        new EventSourceMappings(lambda, sleeper, work, failed)
                .findCreatedByThisRequest(spec, Duration.ofMillis(Math.max(1, work.millisLeft())))
                .ifPresentOrElse(
                        uuid -> {
                            work.log("Deleting mapping " + uuid + " left by the failed Create " + requestId);
                            deleteNow(uuid, Duration.ofMillis(Math.max(1, work.millisLeft())));
                        },
                        () -> work.log("Nothing to delete: the resource's Create had failed and left no mapping"));
    }

    /** Updates mapping {@code uuid} in place when it still links the same stream and function, else replaces it. */
    String update(String uuid, ConnectorProperties spec) throws InterruptedException {
        Optional<EventSourceMappingConfiguration> current = get(uuid);
        if (current.isEmpty()) {
            work.log("Mapping " + uuid + " no longer exists; creating a new one");
            return create(spec);
        }
        if (!sameTarget(current.get(), spec)) {
            work.log("The stream or function changed: replacing mapping " + uuid);
            return create(spec);
        }
        updateInPlace(current.get(), spec);
        work.log("Updated event source mapping " + uuid + " in place");
        awaitSettled(uuid, spec.enabled());
        return uuid;
    }

    /** Deletes mapping {@code uuid}; one that does not exist counts as deleted. */
    void delete(String uuid) throws InterruptedException {
        try {
            retryInUse(
                    () -> lambda.deleteEventSourceMapping(b -> b.uuid(uuid).overrideConfiguration(work.callTimeout())));
        } catch (ResourceNotFoundException e) {
            work.log("Mapping " + uuid + " does not exist: nothing to delete");
            return;
        }
        work.log("Deleting event source mapping " + uuid);
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            stopIfInterrupted();
            if (get(uuid).isEmpty()) {
                return;
            }
            sleeper.sleep(POLL_BACKOFF.delay(poll));
        }
        work.log("Mapping " + uuid + " is still being deleted; Lambda finishes that on its own");
    }

    static boolean isUuid(String text) {
        return text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }

    private String adopt(EventSourceMappingConfiguration existing, ConnectorProperties spec)
            throws InterruptedException {
        String arn = mappingArn(existing);
        Map<String, String> tags = tags(arn, work.callTimeout());
        if (owner.ownsByTags(tags)) {
            work.log("Adopting event source mapping " + existing.uuid() + ", which this stack's streambot created");
        } else if (spec.adopt()) {
            work.log("Adopting existing event source mapping " + existing.uuid() + " (Adopt: true); it is deleted"
                    + " with the stack");
            Set<String> added = new TreeSet<>(owner.tags().keySet());
            added.removeAll(tags.keySet());
            work.onFailure(
                    "remove the tags this request put on adopted mapping " + existing.uuid(),
                    timeout -> lambda.untagResource(
                            b -> b.resource(arn).tagKeys(added).overrideConfiguration(timeout(timeout))));
            lambda.tagResource(b -> b.resource(arn).tags(owner.tags()).overrideConfiguration(work.callTimeout()));
        } else {
            String createdBy = MANAGED_BY.equals(tags.get(TAG_MANAGED_BY))
                    ? "was created by streambot for another stack (" + tags.get(TAG_STACK) + ", resource "
                            + tags.get(TAG_LOGICAL_ID) + ")"
                    : "was not created by streambot";
            throw new ProviderException("An event source mapping for this stream and function already exists ("
                    + existing.uuid() + ") and " + createdBy + ": it is left alone. To take it over (it is then"
                    + " changed to this resource's settings and deleted with this stack), set the property"
                    + " Adopt: true; or delete it first");
        }
        updateInPlace(existing, spec);
        awaitSettled(existing.uuid(), spec.enabled());
        return existing.uuid();
    }

    /** The mapping created by {@link #owner}'s request, found by its tags. */
    private Optional<String> findCreatedByThisRequest(ConnectorProperties spec, Duration timeout) {
        for (EventSourceMappingConfiguration m : list(spec, timeout(timeout))) {
            Map<String, String> tags = tags(mappingArn(m), timeout(timeout));
            if (owner.ownsByTags(tags) && Owner.tagValue(owner.requestId()).equals(tags.get(TAG_REQUEST))) {
                return Optional.of(m.uuid());
            }
        }
        return Optional.empty();
    }

    /** Deletes {@code uuid} at once, without waiting for it to be gone; one that does not exist counts as deleted. */
    private void deleteNow(String uuid, Duration timeout) {
        try {
            lambda.deleteEventSourceMapping(b -> b.uuid(uuid).overrideConfiguration(timeout(timeout)));
            work.log("Deleted mapping " + uuid + " because the request failed");
        } catch (ResourceNotFoundException e) {
            work.log("Mapping " + uuid + " is gone already");
        }
    }

    private Map<String, String> tags(String arn, AwsRequestOverrideConfiguration config) {
        ListTagsResponse response = lambda.listTags(b -> b.resource(arn).overrideConfiguration(config));
        return response.hasTags() ? response.tags() : Map.of();
    }

    /** The mapping's ARN as Lambda reports it, else built from its function's ARN. */
    private static String mappingArn(EventSourceMappingConfiguration mapping) {
        if (mapping.eventSourceMappingArn() != null) {
            return mapping.eventSourceMappingArn();
        }
        String functionArn = String.valueOf(mapping.functionArn());
        int at = functionArn.indexOf(":function:");
        if (at < 0) {
            throw new ProviderException("Lambda reported mapping " + mapping.uuid() + " without its ARN");
        }
        return functionArn.substring(0, at) + ":event-source-mapping:" + mapping.uuid();
    }

    private static AwsRequestOverrideConfiguration timeout(Duration timeout) {
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(timeout).build();
    }

    /** Every updatable setting, absent ones reset to Lambda's defaults; the stream position is kept. */
    private void updateInPlace(EventSourceMappingConfiguration current, ConnectorProperties spec)
            throws InterruptedException {
        retryInUse(() -> lambda.updateEventSourceMapping(b -> {
            b.uuid(current.uuid())
                    .overrideConfiguration(work.callTimeout())
                    .functionName(spec.functionName())
                    .batchSize(spec.batchSize())
                    .enabled(spec.enabled())
                    .maximumBatchingWindowInSeconds(
                            spec.maximumBatchingWindowInSeconds().orElse(0))
                    .parallelizationFactor(spec.parallelizationFactor().orElse(1))
                    .bisectBatchOnFunctionError(
                            spec.bisectBatchOnFunctionError().orElse(false))
                    .maximumRetryAttempts(spec.maximumRetryAttempts().orElse(-1))
                    .maximumRecordAgeInSeconds(spec.maximumRecordAgeInSeconds().orElse(-1))
                    .tumblingWindowInSeconds(spec.tumblingWindowInSeconds().orElse(0))
                    .functionResponseTypes(spec.functionResponseTypes().orElse(List.of()));
            if (spec.destinationConfig().isPresent()) {
                b.destinationConfig(spec.destinationConfig().get());
            } else if (hasDestination(current)) {
                b.destinationConfig(DestinationConfig.builder()
                        .onFailure(OnFailure.builder().build())
                        .build());
            }
            if (spec.filterCriteria().isPresent()) {
                b.filterCriteria(spec.filterCriteria().get());
            } else if (current.filterCriteria() != null
                    && current.filterCriteria().hasFilters()
                    && !current.filterCriteria().filters().isEmpty()) {
                b.filterCriteria(FilterCriteria.builder().filters(List.of()).build());
            }
        }));
    }

    private static boolean hasDestination(EventSourceMappingConfiguration current) {
        return current.destinationConfig() != null
                && current.destinationConfig().onFailure() != null
                && current.destinationConfig().onFailure().destination() != null;
    }

    private Optional<EventSourceMappingConfiguration> findExisting(ConnectorProperties spec) {
        return list(spec, work.callTimeout()).stream()
                .filter(m -> !"Deleting".equals(m.state()))
                .findFirst();
    }

    private List<EventSourceMappingConfiguration> list(ConnectorProperties spec, AwsRequestOverrideConfiguration c) {
        return lambda
                .listEventSourceMappingsPaginator(b -> b.eventSourceArn(spec.streamArn())
                        .functionName(spec.functionName())
                        .overrideConfiguration(c))
                .eventSourceMappings()
                .stream()
                .filter(m -> sameTarget(m, spec))
                .toList();
    }

    private static boolean sameTarget(EventSourceMappingConfiguration mapping, ConnectorProperties spec) {
        Optional<FunctionId> function =
                Optional.ofNullable(mapping.functionArn()).flatMap(FunctionId::parse);
        return spec.streamArn().equals(mapping.eventSourceArn())
                && function.isPresent()
                && function.get().equals(spec.function());
    }

    private Optional<EventSourceMappingConfiguration> get(String uuid) {
        try {
            var r = lambda.getEventSourceMapping(b -> b.uuid(uuid).overrideConfiguration(work.callTimeout()));
            return Optional.of(EventSourceMappingConfiguration.builder()
                    .uuid(r.uuid())
                    .eventSourceMappingArn(r.eventSourceMappingArn())
                    .state(r.state())
                    .stateTransitionReason(r.stateTransitionReason())
                    .lastProcessingResult(r.lastProcessingResult())
                    .eventSourceArn(r.eventSourceArn())
                    .functionArn(r.functionArn())
                    .destinationConfig(r.destinationConfig())
                    .filterCriteria(r.filterCriteria())
                    .build());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Waits, with a bounded backoff, until the mapping leaves Creating/Updating/Enabling/Disabling. */
    private void awaitSettled(String uuid, boolean enabled) throws InterruptedException {
        String state = "";
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            stopIfInterrupted();
            EventSourceMappingConfiguration mapping = get(uuid)
                    .orElseThrow(() -> new ProviderException(
                            "Event source mapping " + uuid + " disappeared while waiting for it to be ready"));
            state = String.valueOf(mapping.state());
            if (!TRANSITIONAL.contains(state)) {
                String expected = enabled ? "Enabled" : "Disabled";
                if (!expected.equals(state)) {
                    throw new ProviderException("Event source mapping " + uuid + " is " + state + " instead of "
                            + expected + ": " + mapping.stateTransitionReason()
                            + (mapping.lastProcessingResult() == null ? "" : "; " + mapping.lastProcessingResult()));
                }
                return;
            }
            sleeper.sleep(POLL_BACKOFF.delay(poll));
        }
        throw new ProviderException("Event source mapping " + uuid + " is still " + state + " after " + MAX_POLLS
                + " polls; retry the stack operation");
    }

    private <T> T retryInUse(Supplier<T> call) throws InterruptedException {
        for (int retry = 0; ; retry++) {
            stopIfInterrupted();
            try {
                return call.get();
            } catch (ResourceInUseException e) {
                if (retry + 1 >= MAX_IN_USE_RETRIES) {
                    throw e;
                }
                work.log("Mapping in use, retrying: " + e.awsErrorDetails().errorMessage());
                sleeper.sleep(IN_USE_BACKOFF.delay(retry));
            }
        }
    }

    /** The watchdog interrupts work it has given up on: make no further calls. */
    private static void stopIfInterrupted() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("the provider answered already (timed out)");
        }
    }
}

package io.streambot.providers.connector;

import io.streambot.providers.connector.ConnectorProperties.FunctionId;
import io.streambot.providers.internal.Backoff;
import io.streambot.providers.internal.ProviderException;
import io.streambot.runtime.internal.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FilterCriteria;
import software.amazon.awssdk.services.lambda.model.OnFailure;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceInUseException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The event-source-mapping operations of one request against one region's Lambda API: adopting an
 * existing mapping, in-place updates, retries of {@code ResourceInUseException} and the bounded
 * wait for a mapping to leave its transitional states.
 */
final class EventSourceMappings {
    static final Set<String> TRANSITIONAL = Set.of("Creating", "Updating", "Enabling", "Disabling");
    static final int MAX_POLLS = 30;
    static final int MAX_IN_USE_RETRIES = 8;
    static final Backoff POLL_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
    static final Backoff IN_USE_BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(15));

    private final LambdaClient lambda;
    private final Sleeper sleeper;
    private final Consumer<String> log;

    EventSourceMappings(LambdaClient lambda, Sleeper sleeper, Consumer<String> log) {
        this.lambda = lambda;
        this.sleeper = sleeper;
        this.log = log;
    }

    /** Creates the mapping, or adopts an existing one for the same stream and function; returns its UUID. */
    String create(ConnectorProperties spec) throws InterruptedException {
        Optional<EventSourceMappingConfiguration> existing = findExisting(spec);
        if (existing.isPresent()) {
            return adopt(existing.get(), spec);
        }
        String uuid;
        stopIfInterrupted();
        try {
            uuid = retryInUse(() -> lambda.createEventSourceMapping(b -> {
                        b.functionName(spec.functionName())
                                .eventSourceArn(spec.streamArn())
                                .batchSize(spec.batchSize())
                                .enabled(spec.enabled())
                                .startingPosition(spec.startingPosition());
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
            // Created by someone else between our look-up and our create.
            EventSourceMappingConfiguration raced = findExisting(spec)
                    .orElseThrow(() -> new ProviderException("Lambda reports a mapping for this stream and function"
                            + " already exists, but it could not be found to adopt it: "
                            + e.awsErrorDetails().errorMessage()));
            return adopt(raced, spec);
        }
        log.accept("Created event source mapping " + uuid);
        try {
            awaitSettled(uuid, spec.enabled());
        } catch (RuntimeException e) {
            deleteQuietly(uuid);
            throw e;
        }
        return uuid;
    }

    /** Updates mapping {@code uuid} in place when it still links the same stream and function, else replaces it. */
    String update(String uuid, ConnectorProperties spec) throws InterruptedException {
        Optional<EventSourceMappingConfiguration> current = get(uuid);
        if (current.isEmpty()) {
            log.accept("Mapping " + uuid + " no longer exists; creating a new one");
            return create(spec);
        }
        if (!sameTarget(current.get(), spec)) {
            log.accept("The stream or function changed: replacing mapping " + uuid);
            return create(spec);
        }
        updateInPlace(current.get(), spec);
        log.accept("Updated event source mapping " + uuid + " in place");
        awaitSettled(uuid, spec.enabled());
        return uuid;
    }

    /** Deletes mapping {@code uuid}; one that does not exist counts as deleted. */
    void delete(String uuid) throws InterruptedException {
        try {
            retryInUse(() -> lambda.deleteEventSourceMapping(b -> b.uuid(uuid)));
        } catch (ResourceNotFoundException e) {
            log.accept("Mapping " + uuid + " does not exist: nothing to delete");
            return;
        }
        log.accept("Deleting event source mapping " + uuid);
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            stopIfInterrupted();
            if (get(uuid).isEmpty()) {
                return;
            }
            sleeper.sleep(POLL_BACKOFF.delay(poll));
        }
        log.accept("Mapping " + uuid + " is still being deleted; Lambda finishes that on its own");
    }

    static boolean isUuid(String text) {
        return text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }

    private String adopt(EventSourceMappingConfiguration existing, ConnectorProperties spec)
            throws InterruptedException {
        log.accept("Adopting existing event source mapping " + existing.uuid() + " for the same stream and function");
        updateInPlace(existing, spec);
        awaitSettled(existing.uuid(), spec.enabled());
        return existing.uuid();
    }

    /** Every updatable setting, absent ones reset to Lambda's defaults; the stream position is kept. */
    private void updateInPlace(EventSourceMappingConfiguration current, ConnectorProperties spec)
            throws InterruptedException {
        retryInUse(() -> lambda.updateEventSourceMapping(b -> {
            b.uuid(current.uuid())
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
        return lambda
                .listEventSourceMappingsPaginator(
                        b -> b.eventSourceArn(spec.streamArn()).functionName(spec.functionName()))
                .eventSourceMappings()
                .stream()
                .filter(m -> !"Deleting".equals(m.state()))
                .filter(m -> sameTarget(m, spec))
                .findFirst();
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
            var r = lambda.getEventSourceMapping(b -> b.uuid(uuid));
            return Optional.of(EventSourceMappingConfiguration.builder()
                    .uuid(r.uuid())
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
                log.accept("Mapping in use, retrying: " + e.awsErrorDetails().errorMessage());
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

    private void deleteQuietly(String uuid) {
        try {
            lambda.deleteEventSourceMapping(b -> b.uuid(uuid));
            log.accept("Deleted mapping " + uuid + " again because the Create failed");
        } catch (RuntimeException e) {
            log.accept("Could not delete mapping " + uuid + " after the failed Create: " + e);
        }
    }
}

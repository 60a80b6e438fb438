package io.streambot.providers.connector;

import io.streambot.providers.internal.AwsClients;
import io.streambot.providers.internal.CustomResourceHandler;
import io.streambot.providers.internal.CustomResourceRequest;
import io.streambot.providers.internal.Work;
import io.streambot.runtime.seams.Environment;
import io.streambot.runtime.seams.Sleeper;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The Lambda function behind {@code Custom::StreambotConnector}: an event source mapping from a
 * Kinesis or DynamoDB stream to a function, in {@code FunctionRegion} (default: the provider's own
 * region). The physical id is the mapping's UUID, also returned as {@code Data.UUID}.
 *
 * <ul>
 *   <li>Create tags the mapping it creates as streambot's ({@code streambot:managed-by}, {@code
 *       streambot:stack-id}, {@code streambot:logical-id}, {@code streambot:request-id}). It adopts an
 *       existing mapping of the same stream and function only when those tags name this stack, or when
 *       the property {@code Adopt} is {@code true}; otherwise it fails and leaves that mapping alone.
 *   <li>A FAILED answer (an error, or the watchdog's timeout) never leaves a mapping the request
 *       created: it is deleted before the answer, or, if its creation lands later, at once by the
 *       request's sealed undo journal, and by the Delete of the failed Create.
 *   <li>Update changes the mapping in place (UUID and stream position kept); only a new stream or
 *       function creates a new mapping, and CloudFormation then deletes the old one.
 *   <li>Delete treats a mapping that no longer exists as deleted.
 *   <li>Every change waits, with a bounded backoff, until the mapping leaves its transitional states,
 *       and {@code ResourceInUseException} is retried.
 * </ul>
 */
public final class StreambotConnectorProvider extends CustomResourceHandler {
    private final Sleeper sleeper;
    private final AwsClients<LambdaClient> lambda;

    /** The constructor Lambda calls. */
    public StreambotConnectorProvider() {
        this(Environment.system(), Sleeper.SYSTEM);
    }

    StreambotConnectorProvider(Environment environment, Sleeper sleeper) {
        super(sleeper);
        this.sleeper = sleeper;
        this.lambda = AwsClients.of(environment, LambdaClient::builder);
    }

    @Override
    protected Outcome create(CustomResourceRequest request, Work work) throws InterruptedException {
        ConnectorProperties spec = ConnectorProperties.from(request.properties());
        return outcome(mappings(spec.region(), request, work).create(spec));
    }

    @Override
    protected Outcome update(CustomResourceRequest request, String physicalResourceId, Work work)
            throws InterruptedException {
        ConnectorProperties spec = ConnectorProperties.from(request.properties());
        EventSourceMappings mappings = mappings(spec.region(), request, work);
        if (!EventSourceMappings.isUuid(physicalResourceId)) {
            return outcome(mappings.create(spec));
        }
        return outcome(mappings.update(physicalResourceId, spec));
    }

    @Override
    protected void delete(CustomResourceRequest request, String physicalResourceId, Work work)
            throws InterruptedException {
        if (!EventSourceMappings.isUuid(physicalResourceId)) {
            work.log("Nothing to delete: the physical id is not a mapping UUID");
            return;
        }
        mappings(ConnectorProperties.regionLeniently(request.properties()), request, work)
                .delete(physicalResourceId);
    }

    /** A Create that answered FAILED undid its mapping; this finds one whose creation landed later, by its tags. */
    @Override
    protected void deleteAfterFailedCreate(CustomResourceRequest request, String createRequestId, Work work) {
        Optional<ConnectorProperties> spec = ConnectorProperties.leniently(request.properties());
        if (spec.isEmpty()) {
            work.log("Nothing to delete: the resource's Create had failed on its properties");
            return;
        }
        mappings(spec.get().region(), request, work).deleteCreatedBy(spec.get(), createRequestId);
    }

    private EventSourceMappings mappings(Optional<Region> region, CustomResourceRequest request, Work work) {
        LambdaClient client = region.map(lambda::in).orElseGet(lambda::home);
        return new EventSourceMappings(
                client,
                sleeper,
                work,
                new EventSourceMappings.Owner(
                        request.addressing().stackId(),
                        request.addressing().logicalResourceId(),
                        request.addressing().requestId()));
    }

    private static Outcome outcome(String uuid) {
        return new Outcome(uuid, Map.of("UUID", uuid));
    }
}

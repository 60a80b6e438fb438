package io.streambot.providers.connector;

import com.amazonaws.services.lambda.runtime.Context;
import io.streambot.providers.internal.AwsClients;
import io.streambot.providers.internal.CustomResourceHandler;
import io.streambot.providers.internal.CustomResourceRequest;
import io.streambot.runtime.internal.Environment;
import io.streambot.runtime.internal.Sleeper;
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
 *   <li>Create adopts an existing mapping of the same stream and function instead of failing.
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
    protected Outcome create(CustomResourceRequest request, Context context) throws InterruptedException {
        ConnectorProperties spec = ConnectorProperties.from(request.properties());
        return outcome(mappings(spec.region(), context).create(spec));
    }

    @Override
    protected Outcome update(CustomResourceRequest request, String physicalResourceId, Context context)
            throws InterruptedException {
        ConnectorProperties spec = ConnectorProperties.from(request.properties());
        EventSourceMappings mappings = mappings(spec.region(), context);
        if (!EventSourceMappings.isUuid(physicalResourceId)) {
            return outcome(mappings.create(spec));
        }
        return outcome(mappings.update(physicalResourceId, spec));
    }

    @Override
    protected void delete(CustomResourceRequest request, String physicalResourceId, Context context)
            throws InterruptedException {
        if (!EventSourceMappings.isUuid(physicalResourceId)) {
            context.getLogger().log("Nothing to delete: the physical id is not a mapping UUID\n");
            return;
        }
        mappings(ConnectorProperties.regionLeniently(request.properties()), context)
                .delete(physicalResourceId);
    }

    private EventSourceMappings mappings(Optional<Region> region, Context context) {
        LambdaClient client = region.map(lambda::in).orElseGet(lambda::home);
        return new EventSourceMappings(
                client, sleeper, line -> context.getLogger().log(line + "\n"));
    }

    private static Outcome outcome(String uuid) {
        return new Outcome(uuid, Map.of("UUID", uuid));
    }
}

package io.streambot.runtime.internal;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointParams;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;

/**
 * The runtime's DynamoDB endpoint: the one the SDK's endpoint rules give for a plain regional call
 * ({@code https://dynamodb.<region>.amazonaws.com}, or the override), without evaluating the rules,
 * whose first evaluation parses the SDK's partition data at a cold start. Anything else (another
 * partition, FIPS, dual-stack, an account or a table ARN in the call) goes to the SDK's own provider.
 */
final class RegionalEndpointProvider implements DynamoDbEndpointProvider {
    private volatile DynamoDbEndpointProvider rules;

    @Override
    public CompletableFuture<Endpoint> resolveEndpoint(DynamoDbEndpointParams params) {
        URI uri = plain(params);
        if (uri == null) {
            return rules().resolveEndpoint(params);
        }
        return CompletableFuture.completedFuture(Endpoint.builder().url(uri).build());
    }

    /** The endpoint of a plain call, or null when the SDK's rules must decide. */
    static URI plain(DynamoDbEndpointParams params) {
        if (Boolean.TRUE.equals(params.useFips())
                || Boolean.TRUE.equals(params.useDualStack())
                || params.accountId() != null
                || params.resourceArn() != null
                || (params.resourceArnList() != null
                        && !params.resourceArnList().isEmpty())) {
            return null;
        }
        if (params.endpoint() != null) {
            return URI.create(params.endpoint());
        }
        return DynamoDbEndpoints.standardRegional(
                params.region() == null ? "" : params.region().id());
    }

    private DynamoDbEndpointProvider rules() {
        DynamoDbEndpointProvider r = rules;
        if (r == null) {
            r = DynamoDbEndpointProvider.defaultProvider();
            rules = r;
        }
        return r;
    }
}

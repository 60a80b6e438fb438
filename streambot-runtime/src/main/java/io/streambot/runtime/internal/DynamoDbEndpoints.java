package io.streambot.runtime.internal;

import java.net.URI;
import java.util.regex.Pattern;

/** DynamoDB's regional endpoints, for the regions whose endpoint needs no rules (no SDK class loaded here). */
final class DynamoDbEndpoints {
    /** Regions of the standard partition, whose DNS suffix is {@code amazonaws.com}: {@code eu-west-3}, not {@code us-gov-west-1}. */
    private static final Pattern STANDARD_REGION = Pattern.compile("(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-[0-9]+");

    private DynamoDbEndpoints() {}

    /** {@code https://dynamodb.<region>.amazonaws.com} for a region of the standard partition, else null. */
    static URI standardRegional(String region) {
        return STANDARD_REGION.matcher(region).matches()
                ? URI.create("https://dynamodb." + region + ".amazonaws.com")
                : null;
    }
}

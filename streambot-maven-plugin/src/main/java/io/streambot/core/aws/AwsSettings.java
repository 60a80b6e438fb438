package io.streambot.core.aws;

import io.streambot.core.InvalidConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where and as whom the goals talk to AWS: region, named profile, endpoint override (an emulator or
 * any AWS-compatible endpoint), optional static keys (from a {@code <server>} in Maven's settings),
 * an optional HTTP proxy, and how long one call may wait for its answer. Null means "not set".
 * Validated by {@link #validate()} before any call.
 *
 * @param apiCallTimeout the longest one API call (retries included) waits for its answer; null for
 *     {@link #DEFAULT_API_CALL_TIMEOUT}
 */
public record AwsSettings(
        String region, String profile, URI endpoint, StaticKeys keys, Proxy proxy, Duration apiCallTimeout) {
    /** How long one call waits for an answer by default: an endpoint that never answers fails within it. */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    /** Access key pair, e.g. from a {@code <server>} entry (username = key id, password = secret). */
    public record StaticKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "StaticKeys[accessKeyId=" + accessKeyId + ", secret=****]";
        }
    }

    /** An HTTP proxy, e.g. the active one of Maven's settings. */
    public record Proxy(String host, int port, String username, String password, String nonProxyHosts) {
        @Override
        public String toString() {
            return "Proxy[" + host + ":" + port + "]";
        }
    }

    /** With the default API call timeout. */
    public AwsSettings(String region, String profile, URI endpoint, StaticKeys keys, Proxy proxy) {
        this(region, profile, endpoint, keys, proxy, null);
    }

    public static AwsSettings defaults() {
        return new AwsSettings(null, null, null, null, null);
    }

    public AwsSettings withRegion(String region) {
        return new AwsSettings(region, profile, endpoint, keys, proxy, apiCallTimeout);
    }

    public AwsSettings withEndpoint(URI endpoint) {
        return new AwsSettings(region, profile, endpoint, keys, proxy, apiCallTimeout);
    }

    public AwsSettings withApiCallTimeout(Duration apiCallTimeout) {
        return new AwsSettings(region, profile, endpoint, keys, proxy, apiCallTimeout);
    }

    /** The API call timeout in effect. */
    public Duration effectiveApiCallTimeout() {
        return apiCallTimeout == null ? DEFAULT_API_CALL_TIMEOUT : apiCallTimeout;
    }

    /**
     * Checks what can be checked without a call: the region's form and the endpoint's scheme.
     *
     * @throws InvalidConfigurationException naming {@code <region>} or {@code <endpoint>} and the fix
     */
    public AwsSettings validate() {
        if (region != null && !REGION.matcher(region).matches()) {
            throw new InvalidConfigurationException(
                    "<region>",
                    "streambot.region",
                    region,
                    "is not an AWS region name",
                    "use a region code such as eu-west-1 or us-east-2 (lower case, as in `aws configure list`)");
        }
        if (apiCallTimeout != null && (apiCallTimeout.isNegative() || apiCallTimeout.isZero())) {
            throw new InvalidConfigurationException(
                    "<apiCallTimeout>",
                    "streambot.apiCallTimeout",
                    apiCallTimeout.toString(),
                    "is not above zero",
                    "give a duration such as 30s or 2m");
        }
        if (endpoint != null) {
            String scheme = endpoint.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
                throw new InvalidConfigurationException(
                        "<endpoint>",
                        "streambot.endpoint",
                        endpoint.toString(),
                        "is not an http(s) URL",
                        "give the emulator's base URL, such as http://127.0.0.1:4566, or remove it to use AWS");
            }
        }
        return this;
    }
}

package io.streambot.core.aws;

import io.streambot.core.InvalidConfigurationException;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where and as whom the goals talk to AWS: region, named profile, endpoint override (an emulator or
 * any AWS-compatible endpoint), optional static keys (from a {@code <server>} in Maven's settings)
 * and an optional HTTP proxy. Null means "not set". Validated by {@link #validate()} before any call.
 */
public record AwsSettings(String region, String profile, URI endpoint, StaticKeys keys, Proxy proxy) {
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

    public static AwsSettings defaults() {
        return new AwsSettings(null, null, null, null, null);
    }

    public AwsSettings withRegion(String region) {
        return new AwsSettings(region, profile, endpoint, keys, proxy);
    }

    public AwsSettings withEndpoint(URI endpoint) {
        return new AwsSettings(region, profile, endpoint, keys, proxy);
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

package io.streambot.runtime.internal;

import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.seams.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.ClockSkew;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The runtime's own GetItem: one strongly consistent read, SigV4-signed by the SDK's signer, sent with the JDK's
 * {@link HttpURLConnection} and parsed with the SDK's JSON parser, without building a DynamoDB client (whose
 * service metadata, endpoint rules and request pipeline are most of a cold start's classes). It goes only where it
 * is certainly right: the credentials in the system properties or the environment (the first two providers of the
 * SDK's default chain, and what Lambda sets), and a plain regional endpoint or an explicit override; {@link
 * #route} sends everything else to the SDK's client ({@link SdkRecordGetter}).
 */
final class LeanGetItem implements RecordGetter {
    static final String TARGET = "DynamoDB_20120810.GetItem";
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    static final String USER_AGENT = "streambot-runtime";
    private static final int MAX_CONNECT_TIMEOUT_MILLIS = 2_000;

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsIdentity credentials;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    /** Local time minus DynamoDB's, learnt from a clock-skew answer; signatures are dated by DynamoDB's clock. */
    private volatile Duration skew = Duration.ZERO;

    LeanGetItem(URI endpoint, String region, AwsCredentialsIdentity credentials, Clock clock) {
        this.endpoint = withPath(Objects.requireNonNull(endpoint, "endpoint"));
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * How a runtime reads in this environment: the lean GetItem, or the SDK's client and why.
     *
     * @param lean the lean GetItem, when it can go
     * @param sdkBecause why the SDK's client reads instead; empty with {@code lean}
     */
    record Route(Optional<LeanGetItem> lean, String sdkBecause) {
        static Route sdk(String because) {
            return new Route(Optional.empty(), because);
        }
    }

    /** The lean GetItem for {@code settings} in {@code environment}, or why the SDK's client must read. */
    static Route route(Environment environment, RuntimeSettings settings, Clock clock) {
        Optional<AwsCredentialsIdentity> credentials = credentials(environment);
        if (credentials.isEmpty()) {
            return Route.sdk("the credentials are not in the aws.accessKeyId/aws.secretAccessKey system properties"
                    + " or the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables (container, web identity, profile"
                    + " or instance credentials)");
        }
        URI endpoint;
        if (settings.endpoint().isPresent()) {
            endpoint = settings.endpoint().get();
        } else {
            if (isTrue(environment, "AWS_USE_FIPS_ENDPOINT", "aws.useFipsEndpoint")
                    || isTrue(environment, "AWS_USE_DUALSTACK_ENDPOINT", "aws.useDualstackEndpoint")) {
                return Route.sdk("a FIPS or dual-stack endpoint is asked for");
            }
            if (sharedConfigFile(environment)) {
                return Route.sdk("a shared AWS config file may configure the endpoint");
            }
            Optional<String> configured =
                    isTrue(environment, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "aws.ignoreConfiguredEndpointUrls")
                            ? Optional.empty()
                            : environment
                                    .property("aws.endpointUrlDynamoDb")
                                    .or(() -> environment.variable("AWS_ENDPOINT_URL_DYNAMODB"))
                                    .or(() -> environment.property("aws.endpointUrl"))
                                    .or(() -> environment.variable("AWS_ENDPOINT_URL"));
            if (configured.isPresent()) {
                try {
                    endpoint = URI.create(configured.get());
                } catch (IllegalArgumentException e) {
                    return Route.sdk("the configured endpoint URL is not a URI (the SDK reports it)");
                }
                if (endpoint.getHost() == null || !endpoint.getScheme().matches("https?")) {
                    return Route.sdk("the configured endpoint URL is not an http(s) URL (the SDK reports it)");
                }
            } else {
                endpoint = DynamoDbEndpoints.standardRegional(settings.region());
                if (endpoint == null) {
                    return Route.sdk("region '" + settings.region() + "' is not in the standard partition");
                }
            }
        }
        return new Route(Optional.of(new LeanGetItem(endpoint, settings.region(), credentials.get(), clock)), "");
    }

    /** The SDK's default chain's first two providers: system properties, then environment variables. */
    static Optional<AwsCredentialsIdentity> credentials(Environment environment) {
        Optional<AwsCredentialsIdentity> fromProperties = credentials(
                environment.property("aws.accessKeyId"),
                environment.property("aws.secretAccessKey"),
                environment.property("aws.sessionToken"));
        return fromProperties.isPresent()
                ? fromProperties
                : credentials(
                        environment.variable("AWS_ACCESS_KEY_ID"),
                        environment.variable("AWS_SECRET_ACCESS_KEY"),
                        environment.variable("AWS_SESSION_TOKEN"));
    }

    private static Optional<AwsCredentialsIdentity> credentials(
            Optional<String> id, Optional<String> secret, Optional<String> token) {
        if (id.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                token.isPresent()
                        ? AwsSessionCredentialsIdentity.create(id.get(), secret.get(), token.get())
                        : AwsCredentialsIdentity.create(id.get(), secret.get()));
    }

    private static boolean isTrue(Environment environment, String variable, String property) {
        return environment
                .property(property)
                .or(() -> environment.variable(variable))
                .map("true"::equalsIgnoreCase)
                .orElse(false);
    }

    private static boolean sharedConfigFile(Environment environment) {
        if (environment.variable("AWS_CONFIG_FILE").isPresent()
                || environment.property("aws.configFile").isPresent()) {
            return true;
        }
        return environment
                .property("user.home")
                .map(home -> Files.exists(Path.of(home, ".aws", "config")))
                .orElse(false);
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public Optional<EnvRecord> get(String table, String functionName, Duration timeout) {
        long start = System.nanoTime();
        byte[] body = JsonWriter.create()
                .writeStartObject()
                .writeFieldName("TableName")
                .writeValue(table)
                .writeFieldName("Key")
                .writeStartObject()
                .writeFieldName(EnvRecord.NAME)
                .writeStartObject()
                .writeFieldName("S")
                .writeValue(functionName)
                .writeEndObject()
                .writeEndObject()
                .writeFieldName("ConsistentRead")
                .writeValue(true)
                .writeEndObject()
                .getBytes();
        SdkHttpRequest request = signer.sign(r -> r.identity(credentials)
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(endpoint)
                                .putHeader("Content-Type", CONTENT_TYPE)
                                .putHeader("X-Amz-Target", TARGET)
                                .build())
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.offset(clock, skew.negated())))
                .request();
        int timeoutMillis = (int) Math.max(1, Math.min(timeout.toMillis(), Integer.MAX_VALUE));
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout(Math.min(timeoutMillis, MAX_CONNECT_TIMEOUT_MILLIS));
            connection.setReadTimeout(timeoutMillis);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("User-Agent", USER_AGENT);
            // HttpURLConnection writes Host itself, as the signer computed it (the port only when not the default).
            request.forEachHeader((name, values) -> {
                if (!"Host".equalsIgnoreCase(name)) {
                    connection.setRequestProperty(name, String.join(",", values));
                }
            });
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            byte[] answer;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            SdkHttpResponse response = response(connection, status);
            checkCrc32(response, answer);
            if (status != 200) {
                throw serviceException(response, answer);
            }
            return item(answer);
        } catch (IOException e) {
            if (System.nanoTime() - start >= timeout.toNanos()) {
                throw ApiCallTimeoutException.create(
                        "the GetItem did not finish within " + timeout.toMillis() + " ms", e);
            }
            throw SdkClientException.create("the GetItem to " + endpoint + " failed: " + e, e);
        }
    }

    /** Nothing to release: the JDK keeps (and drops) idle connections; signatures are made per call. */
    @Override
    public void close() {}

    private static SdkHttpResponse response(HttpURLConnection connection, int status) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) {
                headers.put(name, values);
            }
        });
        return SdkHttpResponse.builder()
                .statusCode(status)
                .statusText(connection.getHeaderField(0))
                .headers(headers)
                .build();
    }

    /** DynamoDB sends the CRC32 of its answer: a mismatch is a damaged answer, retried as an I/O failure. */
    private static void checkCrc32(SdkHttpResponse response, byte[] answer) {
        Optional<String> expected = response.firstMatchingHeader("x-amz-crc32");
        if (expected.isEmpty()) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(answer);
        if (!expected.get().equals(Long.toString(crc.getValue()))) {
            throw SdkClientException.create("the GetItem answer's CRC32 does not match its x-amz-crc32 header");
        }
    }

    private AwsServiceException serviceException(SdkHttpResponse response, byte[] answer) {
        String code = response.firstMatchingHeader("x-amzn-ErrorType")
                .map(type -> type.split(":", 2)[0])
                .orElse(null);
        String message = null;
        try {
            JsonNode error = JsonNode.parser().parse(answer);
            if (error.isObject()) {
                code = error.field("__type")
                        .filter(JsonNode::isString)
                        .map(type -> type.asString().substring(type.asString().lastIndexOf('#') + 1))
                        .orElse(code);
                message = error.field("message")
                        .or(() -> error.field("Message"))
                        .filter(JsonNode::isString)
                        .map(JsonNode::asString)
                        .orElse(null);
            }
        } catch (RuntimeException notJson) {
            // A proxy's or load balancer's page: the status says enough.
        }
        if (code == null || code.isEmpty()) {
            code = "HTTP" + response.statusCode();
        }
        if (message == null) {
            message = "no message";
        }
        AwsServiceException e = AwsServiceException.builder()
                .statusCode(response.statusCode())
                .message(message)
                .requestId(response.firstMatchingHeader("x-amzn-RequestId").orElse(null))
                // What the SDK's skew check subtracts from Instant.now() to get the time this request was signed at.
                .clockSkew(Duration.between(signingTime(), Instant.now()))
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("DynamoDb")
                        .sdkHttpResponse(response)
                        .build())
                .build();
        if (e.isClockSkewException()) {
            ClockSkew.getServerTime(response).ifPresent(server -> skew = Duration.between(server, clock.instant()));
        }
        return e;
    }

    private static Optional<EnvRecord> item(byte[] answer) {
        JsonNode root;
        try {
            root = JsonNode.parser().parse(answer);
        } catch (RuntimeException e) {
            // Neither the parser's message nor the cause: both may quote the answer, which holds config values.
            throw SdkClientException.create("the GetItem answer is not JSON (" + answer.length + " bytes)");
        }
        if (!root.isObject()) {
            throw SdkClientException.create("the GetItem answer is not a JSON object");
        }
        Optional<JsonNode> item = root.field("Item");
        if (item.isEmpty() || item.get().isNull()) {
            return Optional.empty();
        }
        if (!item.get().isObject()) {
            throw SdkClientException.create("the GetItem answer's Item is not a JSON object");
        }
        Map<String, JsonNode> attributes = item.get().asObject();
        if (attributes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(EnvRecord.fromItem(new JsonItem(attributes)));
    }

    /** An item in DynamoDB's JSON ({@code {"name":{"S":"..."}, ...}}) as the record reads it. */
    private record JsonItem(Map<String, JsonNode> attributes) implements EnvRecord.Item {
        @Override
        public String string(String attribute) {
            return typed(attributes.get(attribute), "S");
        }

        @Override
        public String number(String attribute) {
            return typed(attributes.get(attribute), "N");
        }

        @Override
        public Map<String, String> mapOfStrings(String attribute) {
            JsonNode value = attributes.get(attribute);
            Optional<JsonNode> map =
                    value != null && value.isObject() ? value.field("M").filter(JsonNode::isObject) : Optional.empty();
            if (map.isEmpty()) {
                return null;
            }
            Map<String, String> entries = new LinkedHashMap<>();
            map.get().asObject().forEach((k, v) -> entries.put(k, typed(v, "S")));
            return entries;
        }

        private static String typed(JsonNode value, String type) {
            if (value == null || !value.isObject()) {
                return null;
            }
            return value.field(type)
                    .filter(JsonNode::isString)
                    .map(JsonNode::asString)
                    .orElse(null);
        }
    }

    private static URI withPath(URI endpoint) {
        String path = endpoint.getRawPath();
        return path == null || path.isEmpty() ? endpoint.resolve("/") : endpoint;
    }

    /** The instant a request signed now is dated with: the local clock corrected by the skew DynamoDB reported. */
    private Instant signingTime() {
        return Clock.offset(clock, skew.negated()).instant();
    }
}

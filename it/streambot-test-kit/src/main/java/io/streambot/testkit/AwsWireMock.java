package io.streambot.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * WireMock scripted in AWS's wire formats, for the APIs that have no local server: CloudFormation
 * (query/XML) and the Lambda control plane (REST/JSON). One server per JVM on a free loopback port;
 * the {@link LocalAwsExtension} resets its stubs, scenarios and request log before every test.
 *
 * <p>Tests that take this type are scripted and make no sense against a real endpoint: they are
 * skipped when {@code streambot.it.endpoint} (or its {@code .cloudformation}/{@code .lambda} form) is set.
 */
public final class AwsWireMock {
    public static final String CLOUDFORMATION = "cloudformation";
    public static final String LAMBDA = "lambda";

    private final WireMockServer server;
    private final URI endpoint;
    private final CloudFormationClient cloudFormation;
    private final LambdaClient lambda;

    private AwsWireMock(WireMockServer server) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + server.port());
        this.cloudFormation = AwsEndpoints.configure(CloudFormationClient.builder(), CLOUDFORMATION, endpoint)
                .endpointOverride(endpoint)
                .build();
        this.lambda = AwsEndpoints.configure(LambdaClient.builder(), LAMBDA, endpoint)
                .endpointOverride(endpoint)
                .build();
    }

    /** The shared instance, started on first use. */
    public static AwsWireMock get() {
        return SharedServers.get(Holder.class, Holder::start).wireMock;
    }

    public WireMockServer server() {
        return server;
    }

    /** The endpoint to hand the code under test (both CloudFormation and Lambda answer here). */
    public URI endpoint() {
        return endpoint;
    }

    /** A CloudFormation client pointed at this server. */
    public CloudFormationClient cloudFormation() {
        return cloudFormation;
    }

    /** A Lambda client pointed at this server. */
    public LambdaClient lambda() {
        return lambda;
    }

    /** Forgets every stub, scenario state and logged request. */
    public void reset() {
        server.resetAll();
    }

    /** A request matcher for one CloudFormation action, to script scenarios with. */
    public static MappingBuilder cloudFormationAction(String action) {
        return post(urlEqualTo("/")).withRequestBody(actionIs(action));
    }

    private static StringValuePattern actionIs(String action) {
        return matching("(^|.*&)Action=" + Pattern.quote(action) + "(&.*|$)");
    }

    /** Answers every call of {@code action} with {@code resultXml} in the action's result element. */
    public StubMapping stubCloudFormation(String action, String resultXml) {
        return server.stubFor(cloudFormationAction(action).willReturn(CloudFormationWire.ok(action, resultXml)));
    }

    /** Answers every call of {@code action} with an {@code <ErrorResponse>}. */
    public StubMapping stubCloudFormationError(String action, int status, String code, String message) {
        return server.stubFor(cloudFormationAction(action).willReturn(CloudFormationWire.error(status, code, message)));
    }

    /** The CloudFormation requests of {@code action} received so far, oldest first. */
    public List<LoggedRequest> cloudFormationRequests(String action) {
        return server.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(actionIs(action)));
    }

    /** A request matcher for the Lambda REST API: {@code method} on a path matching {@code pathRegex}. */
    public static MappingBuilder lambdaRequest(String method, String pathRegex) {
        return request(method, urlPathMatching(pathRegex));
    }

    /** Answers Lambda requests matching {@code method} and {@code pathRegex} with JSON. */
    public StubMapping stubLambda(String method, String pathRegex, int status, String json) {
        return server.stubFor(lambdaRequest(method, pathRegex).willReturn(LambdaWire.json(status, json)));
    }

    /** Answers Lambda requests with an error of {@code errorType}, e.g. {@code ResourceNotFoundException}. */
    public StubMapping stubLambdaError(String method, String pathRegex, int status, String errorType, String message) {
        return server.stubFor(
                lambdaRequest(method, pathRegex).willReturn(LambdaWire.error(status, errorType, message)));
    }

    /** The Lambda requests received so far matching {@code method} and {@code pathRegex}. */
    public List<LoggedRequest> lambdaRequests(String method, String pathRegex) {
        return server.findAll(new com.github.tomakehurst.wiremock.matching.RequestPatternBuilder(
                com.github.tomakehurst.wiremock.http.RequestMethod.fromString(method), urlPathMatching(pathRegex)));
    }

    private static final class Holder implements AutoCloseable {
        private final WireMockServer server;
        private final AwsWireMock wireMock;

        private Holder(WireMockServer server) {
            this.server = server;
            this.wireMock = new AwsWireMock(server);
        }

        static Holder start() {
            WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                    .bindAddress("127.0.0.1")
                    .dynamicPort()
                    .containerThreads(16));
            server.start();
            return new Holder(server);
        }

        @Override
        public void close() {
            wireMock.cloudFormation.close();
            wireMock.lambda.close();
            server.stop();
        }

        @Override
        public String toString() {
            return "WireMock";
        }
    }
}

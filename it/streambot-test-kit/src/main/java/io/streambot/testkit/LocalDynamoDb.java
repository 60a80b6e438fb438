package io.streambot.testkit;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB for tests: AWS's own DynamoDB Local (in memory, one database shared by every key and region, with Streams) on a free loopback port,
 * started once per JVM, or the external endpoint named by {@code streambot.it.endpoint}.
 */
public final class LocalDynamoDb {
    public static final String SERVICE = "dynamodb";

    private final URI localEndpoint;
    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streams;

    private LocalDynamoDb(URI localEndpoint) {
        this.localEndpoint = localEndpoint;
        this.client = AwsEndpoints.configure(DynamoDbClient.builder(), SERVICE, localEndpoint)
                .build();
        this.streams = AwsEndpoints.configure(DynamoDbStreamsClient.builder(), SERVICE, localEndpoint)
                .build();
    }

    /** The shared instance: starts DynamoDB Local on first use unless an external endpoint is configured. */
    public static LocalDynamoDb get() {
        return SharedServers.get(Holder.class, Holder::start).dynamoDb;
    }

    /** The shared instance if it has been started (or set up for the external endpoint), without starting it. */
    static Optional<LocalDynamoDb> running() {
        return SharedServers.running(Holder.class).map(h -> h.dynamoDb);
    }

    /** The endpoint to hand the code under test; empty when the target is real AWS. */
    public Optional<URI> endpoint() {
        return AwsEndpoints.endpointFor(SERVICE, localEndpoint);
    }

    public DynamoDbClient client() {
        return client;
    }

    public DynamoDbStreamsClient streams() {
        return streams;
    }

    /** A table name no other test (or earlier run against a shared endpoint) uses. */
    public static String uniqueTableName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Creates an on-demand table with a string hash key and waits until it is active. Like everything a
     * test creates, it is deleted when the test ends (see {@link Created}).
     */
    public String createTable(String name, String hashKey) {
        return createTable(name, hashKey, null);
    }

    /** Creates an on-demand table with a string hash key and, when given, a stream of that view type. */
    public String createTable(String name, String hashKey, StreamViewType streamView) {
        client.createTable(b -> {
            b.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName(hashKey)
                            .attributeType(ScalarAttributeType.S)
                            .build())
                    .keySchema(KeySchemaElement.builder()
                            .attributeName(hashKey)
                            .keyType(KeyType.HASH)
                            .build());
            if (streamView != null) {
                b.streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(streamView)
                        .build());
            }
        });
        client.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    private static final class Holder implements AutoCloseable {
        private final DynamoDBProxyServer server;
        private final LocalDynamoDb dynamoDb;

        private Holder(DynamoDBProxyServer server, URI endpoint) {
            this.server = server;
            this.dynamoDb = new LocalDynamoDb(endpoint);
        }

        static Holder start() {
            if (AwsEndpoints.isExternal(SERVICE)) {
                return new Holder(null, URI.create("http://127.0.0.1:0"));
            }
            int port = FreePort.pick();
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"});
                bindToLoopback(server);
                server.start();
                return new Holder(server, URI.create("http://127.0.0.1:" + port));
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
            }
        }

        /**
         * DynamoDB Local has no option for the listening address and builds its Jetty server for every
         * interface: bind that server's connectors to loopback before it starts.
         */
        private static void bindToLoopback(DynamoDBProxyServer proxy) {
            try {
                Field field = DynamoDBProxyServer.class.getDeclaredField("server");
                field.setAccessible(true);
                Server jetty = (Server) field.get(proxy);
                for (Connector connector : jetty.getConnectors()) {
                    ((ServerConnector) connector).setHost("127.0.0.1");
                }
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException(
                        "this DynamoDB Local no longer keeps its Jetty server where the kit binds it to loopback"
                                + " (DynamoDBProxyServer.server); update LocalDynamoDb.bindToLoopback",
                        e);
            }
        }

        @Override
        public void close() throws Exception {
            dynamoDb.client.close();
            dynamoDb.streams.close();
            if (server != null) {
                server.stop();
            }
        }

        @Override
        public String toString() {
            return "DynamoDB Local";
        }
    }
}

package io.streambot.testkit;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 for tests: Adobe's S3Mock on a free loopback port with path-style access and a throw-away root
 * directory, started once per JVM, or the external endpoint named by {@code streambot.it.endpoint}.
 * S3Mock checks no signatures; presigned URLs work.
 */
public final class LocalS3 {
    public static final String SERVICE = "s3";
    private static final String LOOPBACK = "127.0.0.1";

    private final URI localEndpoint;
    private final S3Client client;
    private final S3Presigner presigner;

    private LocalS3(URI localEndpoint) {
        this.localEndpoint = localEndpoint;
        this.client = AwsEndpoints.configure(S3Client.builder(), SERVICE, localEndpoint)
                .forcePathStyle(true)
                .build();
        S3Presigner.Builder presignerBuilder = S3Presigner.builder()
                .region(AwsEndpoints.region())
                .credentialsProvider(AwsEndpoints.credentials(SERVICE))
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build());
        AwsEndpoints.endpointFor(SERVICE, localEndpoint).ifPresent(presignerBuilder::endpointOverride);
        this.presigner = presignerBuilder.build();
    }

    /** The shared instance: starts S3Mock on first use unless an external endpoint is configured. */
    public static LocalS3 get() {
        return SharedServers.get(Holder.class, Holder::start).s3;
    }

    /** The shared instance if it has been started (or set up for the external endpoint), without starting it. */
    static Optional<LocalS3> running() {
        return SharedServers.running(Holder.class).map(h -> h.s3);
    }

    /** The endpoint to hand the code under test; empty when the target is real AWS. */
    public Optional<URI> endpoint() {
        return AwsEndpoints.endpointFor(SERVICE, localEndpoint);
    }

    public S3Client client() {
        return client;
    }

    public S3Presigner presigner() {
        return presigner;
    }

    /** A bucket name no other test (or earlier run against a shared endpoint) uses. */
    public static String uniqueBucketName(String prefix) {
        return (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    /**
     * Creates a bucket with a name no other test uses and returns the name. Like everything a test
     * creates, it is emptied and deleted when the test ends (see {@link Created}).
     */
    public String createBucket(String prefix) {
        String name = uniqueBucketName(prefix);
        client.createBucket(b -> b.bucket(name));
        return name;
    }

    /** The ports S3Mock listens on (HTTP and HTTPS), or none when it does not run here. */
    static List<Integer> serverPorts() {
        return SharedServers.running(Holder.class)
                .filter(h -> h.server != null)
                .map(h -> List.of(h.server.getHttpPort(), h.server.getPort()))
                .orElse(List.of());
    }

    /**
     * Binds the HTTP connector that S3Mock adds beside its main one to loopback too (Spring's {@code
     * server.address} reaches only the main one). A bean post-processor, added to S3Mock's context
     * through {@code spring.main.sources}.
     */
    static final class LoopbackHttpConnector implements BeanPostProcessor {
        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) {
            if (bean instanceof TomcatServletWebServerFactory factory) {
                for (Connector connector : factory.getAdditionalTomcatConnectors()) {
                    connector.setProperty("address", LOOPBACK);
                }
            }
            return bean;
        }
    }

    private static final class Holder implements AutoCloseable {
        private final S3MockApplication server;
        private final Path root;
        private final LocalS3 s3;

        private Holder(S3MockApplication server, Path root, URI endpoint) {
            this.server = server;
            this.root = root;
            this.s3 = new LocalS3(endpoint);
        }

        static Holder start() {
            if (AwsEndpoints.isExternal(SERVICE)) {
                return new Holder(null, null, URI.create("http://127.0.0.1:0"));
            }
            try {
                Path root = Files.createTempDirectory("streambot-s3mock");
                Map<String, Object> properties = new HashMap<>();
                properties.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
                properties.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
                properties.put(S3MockApplication.PROP_ROOT_DIRECTORY, root.toString());
                properties.put(S3MockApplication.PROP_SILENT, true);
                // server.address binds S3Mock's main (HTTPS) connector; its extra HTTP connector ignores it.
                properties.put("server.address", LOOPBACK);
                properties.put("spring.main.sources", LoopbackHttpConnector.class.getName());
                properties.put("spring.main.banner-mode", "off");
                properties.put("logging.level.root", "WARN");
                properties.put("spring.jmx.enabled", "false");
                // The kit stops S3Mock itself (SharedServers); Spring's own hook raced it at JVM exit.
                properties.put("spring.main.register-shutdown-hook", "false");
                S3MockApplication server = S3MockApplication.start(properties);
                return new Holder(server, root, URI.create("http://127.0.0.1:" + server.getHttpPort()));
            } catch (IOException e) {
                throw new UncheckedIOException("S3Mock could not create its root directory", e);
            }
        }

        @Override
        public void close() throws IOException {
            s3.client.close();
            s3.presigner.close();
            if (server != null) {
                server.stop();
            }
            if (root != null && Files.exists(root)) {
                try (Stream<Path> paths = Files.walk(root)) {
                    paths.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }

        @Override
        public String toString() {
            return "S3Mock";
        }
    }
}

package io.streambot.testkit;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
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

    /** Creates a bucket with a name no other test uses and returns the name. */
    public String createBucket(String prefix) {
        String name = (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        client.createBucket(b -> b.bucket(name));
        return name;
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
                properties.put("server.address", "127.0.0.1");
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

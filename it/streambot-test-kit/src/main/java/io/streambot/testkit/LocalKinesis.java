package io.streambot.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Kinesis for tests: the npm package {@code kinesis-local} (kinesis-mock), installed at first use with the
 * machine's own {@code npm} into {@code target/kinesis-local/} of the module under test (or the folder named by
 * {@code streambot.it.kinesisLocal.dir}) and run with the machine's {@code node} on a free loopback port, once
 * per JVM; or the external endpoint named by {@code streambot.it.endpoint} ({@code .kinesis}). Node itself is
 * never downloaded: without {@code node} and {@code npm} on the {@code PATH}, a test that needs this server is
 * skipped, saying so.
 */
public final class LocalKinesis {
    public static final String SERVICE = "kinesis";
    /** The pinned npm package. */
    public static final String PACKAGE = "kinesis-local@0.6.2";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private final URI localEndpoint;
    private final KinesisClient client;

    private LocalKinesis(URI localEndpoint) {
        this.localEndpoint = localEndpoint;
        this.client = AwsEndpoints.configure(KinesisClient.builder(), SERVICE, localEndpoint)
                .build();
    }

    /**
     * The shared instance: installs and starts kinesis-local on first use unless an external endpoint is
     * configured.
     *
     * @throws TestAbortedException when {@code node} or {@code npm} is not on the {@code PATH} (the test is skipped)
     */
    public static LocalKinesis get() {
        return SharedServers.get(Holder.class, Holder::start).kinesis;
    }

    /** The endpoint to hand the code under test; empty when the target is real AWS. */
    public Optional<URI> endpoint() {
        return AwsEndpoints.endpointFor(SERVICE, localEndpoint);
    }

    public KinesisClient client() {
        return client;
    }

    /** A stream name no other test (or earlier run against a shared endpoint) uses. */
    public static String uniqueStreamName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a provisioned stream with {@code shards} shards, waits until it is active, and returns its ARN. */
    public String createStream(String name, int shards) {
        client.createStream(b -> b.streamName(name).shardCount(shards));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            var summary = client.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
            if (summary.streamStatus() == StreamStatus.ACTIVE) {
                return summary.streamARN();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + name + " is still " + summary.streamStatus());
            }
            sleep(100);
        }
    }

    /** Puts one record and returns its sequence number. */
    public PutRecordResponse put(String stream, String partitionKey, String data) {
        return client.putRecord(
                b -> b.streamName(stream).partitionKey(partitionKey).data(SdkBytes.fromUtf8String(data)));
    }

    /** Deletes the stream (and its records); a stream that is already gone is fine. */
    public void deleteStream(String name) {
        try {
            client.deleteStream(b -> b.streamName(name).enforceConsumerDeletion(true));
        } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
            // already gone
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class Holder implements AutoCloseable {
        private final Process process;
        private final LocalKinesis kinesis;

        private Holder(Process process, URI endpoint) {
            this.process = process;
            this.kinesis = new LocalKinesis(endpoint);
        }

        static Holder start() {
            if (AwsEndpoints.isExternal(SERVICE)) {
                return new Holder(null, URI.create("http://127.0.0.1:0"));
            }
            Path node = onPath("node")
                    .orElseThrow(() -> new TestAbortedException("Kinesis tests skipped: no `node` on the PATH"
                            + " (install Node.js and npm with the system's package manager; the build never downloads"
                            + " Node)"));
            Path npm = onPath("npm")
                    .orElseThrow(() -> new TestAbortedException("Kinesis tests skipped: no `npm` on the PATH"
                            + " (install it with the system's package manager)"));
            Path home = Path.of(System.getProperty("streambot.it.kinesisLocal.dir", "target/kinesis-local"))
                    .toAbsolutePath();
            Path packageDir = home.resolve("node_modules").resolve("kinesis-local");
            try {
                if (!Files.isRegularFile(packageDir.resolve("main.js"))) {
                    install(npm, home);
                }
                int port = FreePort.pick();
                int tlsPort = FreePort.pick();
                ProcessBuilder builder = new ProcessBuilder(node.toString(), "main.js")
                        .directory(packageDir.toFile()) // it finds server.json in its working directory
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve("kinesis-local.log").toFile());
                builder.environment().put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(port));
                builder.environment().put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
                builder.environment().put("AWS_REGION", AwsEndpoints.region().id());
                builder.environment().put("CREATE_STREAM_DURATION", "50ms");
                builder.environment().put("DELETE_STREAM_DURATION", "50ms");
                builder.environment().put("SHOULD_PERSIST_DATA", "false");
                builder.environment().put("LOG_LEVEL", "WARN");
                Process process = builder.start();
                waitForPort(process, port, home.resolve("kinesis-local.log"));
                return new Holder(process, URI.create("http://127.0.0.1:" + port));
            } catch (IOException e) {
                throw new UncheckedIOException("kinesis-local did not start: " + e.getMessage(), e);
            }
        }

        private static void install(Path npm, Path home) throws IOException {
            Files.createDirectories(home);
            Path log = home.resolve("npm-install.log");
            Process install = new ProcessBuilder(
                            npm.toString(),
                            "install",
                            "--prefix",
                            home.toString(),
                            "--no-audit",
                            "--no-fund",
                            "--no-save",
                            PACKAGE)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                if (!install.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    install.destroyForcibly();
                    throw new IOException("npm install " + PACKAGE + " did not finish in " + INSTALL_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while installing " + PACKAGE, e);
            }
            if (install.exitValue() != 0) {
                throw new IOException("npm install " + PACKAGE + " failed (exit " + install.exitValue() + "): "
                        + Files.readString(log));
            }
        }

        private static void waitForPort(Process process, int port, Path log) throws IOException {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException(
                            "kinesis-local exited with " + process.exitValue() + ": " + Files.readString(log));
                }
                try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return;
                } catch (IOException notYet) {
                    sleep(50);
                }
            }
            process.destroyForcibly();
            throw new IOException("kinesis-local did not listen on port " + port + " within " + START_TIMEOUT);
        }

        private static Optional<Path> onPath(String program) {
            String path = System.getenv("PATH");
            if (path == null) {
                return Optional.empty();
            }
            for (String dir : path.split(File.pathSeparator)) {
                for (String name : List.of(program, program + ".cmd", program + ".exe")) {
                    Path candidate = Path.of(dir, name);
                    if (Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
            return Optional.empty();
        }

        @Override
        public void close() throws Exception {
            kinesis.client.close();
            if (process != null) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }

        @Override
        public String toString() {
            return "kinesis-local";
        }
    }
}

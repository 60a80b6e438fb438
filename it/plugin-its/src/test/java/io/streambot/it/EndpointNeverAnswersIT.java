package io.streambot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.testkit.AwsEndpoints;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * An endpoint that accepts connections and never answers (a hung emulator, a wrong port behind a
 * load balancer) fails upload and put-env at {@code <apiCallTimeout>}, naming the endpoint, instead of
 * holding the build for minutes. The silent endpoint is a local server socket that never accepts: the
 * kernel completes the handshakes of its backlog, and nothing ever answers.
 */
class EndpointNeverAnswersIT {

    @Test
    void uploadFailsAtTheApiCallTimeoutNamingTheEndpoint() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String endpoint = "http://127.0.0.1:" + silent.getLocalPort();
            ChildBuild build = ChildBuild.of("upload-content-addressed", "never-answers")
                    .goals("package")
                    .property("streambot.region", AwsEndpoints.region().id())
                    .property("streambot.bucket", "never-answers")
                    .property("streambot.endpoint", endpoint)
                    .property("streambot.apiCallTimeout", "1s");
            Path target = Files.createDirectories(build.directory().resolve("target"));
            Files.write(target.resolve("upload-content-addressed-1.0-lambda.zip"), zip());

            ChildBuild.Result result = build.run();

            assertThat(result.succeeded()).isFalse();
            assertThat(result.log())
                    .contains("could not look for the code (s3://never-answers/")
                    .contains("no answer from " + endpoint + " within 1 s (<apiCallTimeout>,"
                            + " -Dstreambot.apiCallTimeout)");
            assertThat(result.directory().resolve("target/streambot/upload.json"))
                    .doesNotExist();
        }
    }

    @Test
    void putEnvFailsAtTheApiCallTimeoutNamingTheEndpoint() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String endpoint = "http://127.0.0.1:" + silent.getLocalPort();
            ChildBuild.Result result = ChildBuild.of("put-env-diff", "never-answers")
                    .goals(ChildBuild.goal("put-env"))
                    .property("streambot.region", AwsEndpoints.region().id())
                    .property("streambot.envTable", "never-answers")
                    .property("db.url", "jdbc:x")
                    .property("streambot.endpoint", endpoint)
                    .property("streambot.apiCallTimeout", "1s")
                    .run();

            assertThat(result.succeeded()).isFalse();
            assertThat(result.log())
                    .contains("no answer from " + endpoint + " within 1 s (<apiCallTimeout>,"
                            + " -Dstreambot.apiCallTimeout)");
        }
    }

    private static byte[] zip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("com/example/Handler.class"));
            zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}

package io.streambot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.CountingHttpProxy;
import io.streambot.testkit.LocalAws;
import io.streambot.testkit.LocalS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The shared dependency layer through real child builds against the kit's S3: bundle, upload, a one-line change. */
@LocalAws
class UploadLayerIT {
    @Test
    void theLayerGoesUpUnderItsHashOnceAndAOneLineChangeSendsOnlyTheFunctionZip(LocalS3 s3) throws Exception {
        assumeFalse(AwsEndpoints.isExternal(LocalS3.SERVICE), "the counting proxy sits in front of the local S3Mock");
        String bucket = s3.createBucket("live-layer");
        try (CountingHttpProxy proxy =
                CountingHttpProxy.forwardingTo(s3.endpoint().orElseThrow())) {
            ChildBuild build = ChildBuild.of("upload-layer", null)
                    .goals("deploy")
                    .property("streambot.region", AwsEndpoints.region().id())
                    .property("streambot.bucket", bucket)
                    .property("streambot.endpoint", proxy.endpoint())
                    .property("streambot.putEnv.skip", true)
                    .property("streambot.deployStack.skip", true);
            Path layer = build.directory().resolve("target/upload-layer-1.0-layer.zip");
            Path zip = build.directory().resolve("target/upload-layer-1.0-lambda.zip");

            ChildBuild.Result first = build.run();

            assertThat(first.succeeded()).as(first.log()).isTrue();
            String layerKey = "live/layers/" + sha256(layer) + ".zip";
            assertThat(first.log()).contains("exported layer key=" + layerKey);
            JsonNode manifest = manifest(build.directory());
            assertThat(manifest.get("layer").get("key").asText()).isEqualTo(layerKey);
            assertThat(manifest.get("key").asText()).isEqualTo("live/upload-layer/" + sha256(zip) + ".zip");
            assertThat(s3.client()
                            .getObjectAsBytes(b -> b.bucket(bucket).key(layerKey))
                            .asByteArray())
                    .isEqualTo(Files.readAllBytes(layer));

            Files.writeString(build.directory().resolve("src/main/resources/application.properties"), "greeting=hi\n");
            proxy.reset();
            ChildBuild.Result second = build.run();

            assertThat(second.succeeded()).as(second.log()).isTrue();
            assertThat(second.log())
                    .contains("The layer is already uploaded to s3://" + bucket + "/" + layerKey
                            + " (same SHA-256): nothing sent");
            assertThat(manifest(build.directory()).get("layer").get("key").asText())
                    .as("an unchanged layer keeps its key: CloudFormation publishes nothing")
                    .isEqualTo(layerKey);
            String zipKey = "live/upload-layer/" + sha256(zip) + ".zip";
            assertThat(proxy.requests())
                    .as("only the changed function zip went up; the layer cost one HeadObject")
                    .filteredOn(r -> r.method().equals("PUT"))
                    .extracting(r -> r.path())
                    .containsExactly("/" + bucket + "/" + zipKey);
            assertThat(proxy.requests())
                    .extracting(r -> r.method() + " " + r.path())
                    .contains("HEAD /" + bucket + "/" + layerKey);
            assertThat(proxy.bodyBytes())
                    .as("the function zip (with the transfer encoding's framing), far from the layer's size")
                    .isLessThan(Files.size(zip) + 1024);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static JsonNode manifest(Path directory) throws Exception {
        return new ObjectMapper()
                .readTree(directory.resolve("target/streambot/upload.json").toFile());
    }
}

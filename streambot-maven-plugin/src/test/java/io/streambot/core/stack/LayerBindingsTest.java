package io.streambot.core.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests (no network): which layer of the build each LayerVersion publishes, and its parameters. */
class LayerBindingsTest {
    private static String layer(String id, String bucket, String key) {
        return "\"" + id + "\": {\"Type\": \"AWS::Lambda::LayerVersion\", \"Properties\": {\"Content\":"
                + " {\"S3Bucket\": " + bucket + ", \"S3Key\": " + key + "}}}";
    }

    private static StackTemplate template(String parameters, String... resources) {
        return StackTemplate.parse(
                "t", "{\"Parameters\": {" + parameters + "}, \"Resources\": {" + String.join(", ", resources) + "}}");
    }

    @Test
    void layerVersionsBindToThisModulesOrAnotherModulesLayerByTheStemRule() {
        StackTemplate t = template(
                "",
                layer("Own", "{\"Ref\": \"LayerBucket\"}", "{\"Ref\": \"LayerKey\"}"),
                layer("Replay", "{\"Ref\": \"CodeBucketReplayFn\"}", "{\"Ref\": \"LayerKeyReplayFn\"}"),
                layer("Plain", "\"my-bucket\"", "\"layers/x.zip\""));

        assertThat(LayerBindings.of(t, "service.json"))
                .containsExactly(
                        new LayerBindings.Binding("Own", "", false),
                        new LayerBindings.Binding("Replay", "ReplayFn", true));
    }

    @Test
    void aLayerVersionWhoseBucketAndKeyNameTwoModulesIsRefused() {
        StackTemplate t =
                template("", layer("Deps", "{\"Ref\": \"LayerBucketApi\"}", "{\"Ref\": \"LayerKeyReplayFn\"}"));
        assertThatThrownBy(() -> LayerBindings.of(t, "service.json"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Content.S3Bucket of resource Deps in service.json")
                .hasMessageContaining("LayerBucketApi")
                .hasMessageContaining("LayerKeyReplayFn");
    }

    @Test
    void theDeclaredLayerParametersAreFilledFromEachModulesUploadAndAUserValueWins() {
        StackTemplate t = template(
                "\"LayerBucket\": {\"Type\": \"String\"}, \"LayerKey\": {\"Type\": \"String\"},"
                        + " \"LayerObjectVersion\": {\"Type\": \"String\"}, \"CodeBucketReplayFn\": {\"Type\": \"String\"},"
                        + " \"LayerKeyReplayFn\": {\"Type\": \"String\"}",
                layer("Own", "{\"Ref\": \"LayerBucket\"}", "{\"Ref\": \"LayerKey\"}"),
                layer("Replay", "{\"Ref\": \"CodeBucketReplayFn\"}", "{\"Ref\": \"LayerKeyReplayFn\"}"));
        Map<String, CodeLocation> uploads = Map.of(
                "", new CodeLocation("code", "p/layers/aa.zip", "v1"),
                "ReplayFn", new CodeLocation("code", "p/layers/bb.zip", null));

        Map<String, String> values = LayerBindings.parameters(
                t, "service.json", LayerBindings.of(t, "service.json"), Map.of(), Map.of(), uploads::get);

        assertThat(values)
                .containsExactly(
                        Map.entry("LayerBucket", "code"),
                        Map.entry("LayerKey", "p/layers/aa.zip"),
                        Map.entry("LayerObjectVersion", "v1"),
                        Map.entry("CodeBucketReplayFn", "code"),
                        Map.entry("LayerKeyReplayFn", "p/layers/bb.zip"));
        assertThat(LayerBindings.parameters(
                        t,
                        "service.json",
                        LayerBindings.of(t, "service.json"),
                        Map.of("LayerKey", "mine.zip"),
                        Map.of("CodeBucketReplayFn", "filled"),
                        uploads::get))
                .containsOnlyKeys("LayerKeyReplayFn");
    }

    @Test
    void aLayerOfAModuleThatUploadedNoneIsRefusedNamingTheResourceAndTheFix() {
        StackTemplate t = template(
                "\"LayerBucket\": {\"Type\": \"String\"}, \"LayerKey\": {\"Type\": \"String\"}",
                layer("Deps", "{\"Ref\": \"LayerBucket\"}", "{\"Ref\": \"LayerKey\"}"));
        List<LayerBindings.Binding> bindings = LayerBindings.of(t, "service.json");

        assertThatThrownBy(
                        () -> LayerBindings.parameters(t, "service.json", bindings, Map.of(), Map.of(), stem -> null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Content of resource Deps in service.json")
                .hasMessageContaining("has uploaded none")
                .hasMessageContaining("<layer>true</layer>")
                .hasMessageContaining("-Dstreambot.parameter.LayerKey");
    }
}

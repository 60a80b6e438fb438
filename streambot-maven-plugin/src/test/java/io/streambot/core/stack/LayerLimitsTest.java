package io.streambot.core.stack;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.bundle.LayerReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests (no network): Lambda's limits on a function's layers, each refusal naming the function and the fix. */
class LayerLimitsTest {
    private static final String SELF_CODE =
            "{\"S3Bucket\": {\"Ref\": \"CodeBucket\"}, \"S3Key\": {\"Ref\": \"CodeKey\"}}";
    private static final String SELF_LAYER =
            "\"Deps\": {\"Type\": \"AWS::Lambda::LayerVersion\", \"Properties\": {\"Content\":"
                    + " {\"S3Bucket\": {\"Ref\": \"LayerBucket\"}, \"S3Key\": {\"Ref\": \"LayerKey\"}}}}";

    private final Map<String, LayerLimits.BuiltBundle> built = new HashMap<>();

    private static String function(String id, String extra) {
        return "\"" + id + "\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"Runtime\": \"java21\","
                + " \"Handler\": \"com.example." + id + "\", \"Code\": " + SELF_CODE + extra + "}}";
    }

    private static LayerReport layer(String sha, String architecture, long unzipped) {
        return new LayerReport("target/fn-layer.zip", sha, architecture, 3, unzipped / 2, unzipped, List.of("a.jar"));
    }

    private void check(String... resources) {
        StackTemplate template = StackTemplate.parse("t", "{\"Resources\": {" + String.join(", ", resources) + "}}");
        LayerLimits.check(
                template,
                "service.json",
                FunctionBindings.check(template, "service.json", "ingest-fn"),
                LayerBindings.of(template, "service.json"),
                built::get);
    }

    @Test
    void aFunctionWithItsModulesLayerWithinTheLimitsPasses() {
        built.put("", new LayerLimits.BuiltBundle(10_000, layer("aa", "x86_64", 50_000_000)));
        assertThatCode(() -> check(SELF_LAYER, function("Ingest", ", \"Layers\": [{\"Ref\": \"Deps\"}]")))
                .doesNotThrowAnyException();
    }

    @Test
    void sixLayersAreRefusedNamingTheFunctionAndTheLimit() {
        String six =
                ", \"Layers\": [\"arn:aws:lambda:eu-west-1:1:layer:a:1\", \"arn:aws:lambda:eu-west-1:1:layer:b:1\","
                        + " \"arn:aws:lambda:eu-west-1:1:layer:c:1\", \"arn:aws:lambda:eu-west-1:1:layer:d:1\","
                        + " \"arn:aws:lambda:eu-west-1:1:layer:e:1\", \"arn:aws:lambda:eu-west-1:1:layer:f:1\"]";
        assertThatThrownBy(() -> check(function("Ingest", six)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Layers of resource Ingest in service.json")
                .hasMessageContaining("6 layers")
                .hasMessageContaining("limit of 5 layers per function")
                .hasMessageContaining("merge layers");
    }

    @Test
    void aFunctionAndItsLayersAbove250MbUnzippedAreRefusedWithTheSizes() {
        built.put("", new LayerLimits.BuiltBundle(60_000_000, layer("aa", "x86_64", 210_000_000)));
        assertThatThrownBy(() -> check(SELF_LAYER, function("Ingest", ", \"Layers\": [{\"Ref\": \"Deps\"}]")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Layers of resource Ingest in service.json")
                .hasMessageContaining("270.0 MB unzipped")
                .hasMessageContaining("function zip 60.0 MB, Deps 210.0 MB")
                .hasMessageContaining("exclude dependencies");
    }

    @Test
    void aLayerGivenByArnIsNotCountedInTheSize() {
        built.put("", new LayerLimits.BuiltBundle(200_000_000, null));
        assertThatCode(() -> check(function("Ingest", ", \"Layers\": [\"arn:aws:lambda:eu-west-1:1:layer:big:3\"]")))
                .doesNotThrowAnyException();
    }

    @Test
    void aLayerWhoseCompatibleArchitecturesLackTheFunctionsIsRefused() {
        String arm64Layer =
                SELF_LAYER.replace("\"Properties\": {", "\"Properties\": {\"CompatibleArchitectures\": [\"arm64\"], ");
        assertThatThrownBy(() -> check(arm64Layer, function("Ingest", ", \"Layers\": [{\"Ref\": \"Deps\"}]")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Layers of resource Ingest in service.json")
                .hasMessageContaining("Deps")
                .hasMessageContaining(
                        "a layer for arm64 (its CompatibleArchitectures), and the function runs on x86_64")
                .hasMessageContaining("add x86_64 to CompatibleArchitectures of resource Deps");
    }

    @Test
    void aLayerBundledForAnotherArchitectureIsRefused() {
        built.put("", new LayerLimits.BuiltBundle(10_000, layer("aa", "x86_64", 1_000)));
        assertThatThrownBy(() -> check(
                        SELF_LAYER,
                        function("Ingest", ", \"Architectures\": [\"arm64\"], \"Layers\": [{\"Ref\": \"Deps\"}]")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("bundled for x86_64, and the function runs on arm64")
                .hasMessageContaining("<architecture>arm64</architecture>");
    }

    @Test
    void aFunctionWhoseBundleHasALayerButListsNoneIsRefusedBeforeItFailsWithClassNotFound() {
        built.put("", new LayerLimits.BuiltBundle(10_000, layer("aa", "x86_64", 1_000)));
        assertThatThrownBy(() -> check(SELF_LAYER, function("Ingest", "")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Layers of resource Ingest in service.json")
                .hasMessageContaining("lists no LayerVersion carrying the jars of this module")
                .hasMessageContaining("ClassNotFoundException")
                .hasMessageContaining("{\"Ref\": \"LayerKey\"}");
    }

    @Test
    void anotherModulesLayerWithTheSameJarsCarriesTheFunctionsDependencies() {
        // Two function modules with the same lib/: one LayerVersion (module a's) serves both.
        built.put("", new LayerLimits.BuiltBundle(10_000, layer("same", "x86_64", 1_000)));
        built.put("ReplayFn", new LayerLimits.BuiltBundle(20_000, layer("same", "x86_64", 1_000)));
        String replayLayer = "\"Deps\": {\"Type\": \"AWS::Lambda::LayerVersion\", \"Properties\": {\"Content\":"
                + " {\"S3Bucket\": {\"Ref\": \"CodeBucketReplayFn\"}, \"S3Key\": {\"Ref\": \"LayerKeyReplayFn\"}}}}";
        assertThatCode(() -> check(replayLayer, function("Ingest", ", \"Layers\": [{\"Ref\": \"Deps\"}]")))
                .doesNotThrowAnyException();

        built.put("ReplayFn", new LayerLimits.BuiltBundle(20_000, layer("other", "x86_64", 1_000)));
        assertThatThrownBy(() -> check(replayLayer, function("Ingest", ", \"Layers\": [{\"Ref\": \"Deps\"}]")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("lists no LayerVersion carrying the jars of this module");
    }

    @Test
    void aYamlShortRefToTheLayerCountsAsListingIt() {
        built.put("", new LayerLimits.BuiltBundle(10_000, layer("aa", "x86_64", 1_000)));
        StackTemplate template = StackTemplate.parse(
                "t.yaml",
                "Resources:\n"
                        + "  Deps:\n    Type: AWS::Lambda::LayerVersion\n    Properties:\n"
                        + "      Content: {S3Bucket: !Ref LayerBucket, S3Key: !Ref LayerKey}\n"
                        + "  Ingest:\n    Type: AWS::Lambda::Function\n    Properties:\n"
                        + "      Runtime: java21\n      Handler: com.example.Ingest\n"
                        + "      Code: {S3Bucket: !Ref CodeBucket, S3Key: !Ref CodeKey}\n"
                        + "      Layers: [!Ref Deps]\n");
        assertThatCode(() -> LayerLimits.check(
                        template,
                        "service.yaml",
                        FunctionBindings.check(template, "service.yaml", "ingest-fn"),
                        LayerBindings.of(template, "service.yaml"),
                        built::get))
                .doesNotThrowAnyException();
    }

    @Test
    void aFunctionWithoutALayeredBundleNeedsNoLayer() {
        built.put("", new LayerLimits.BuiltBundle(10_000, null));
        assertThatCode(() -> check(function("Ingest", ""))).doesNotThrowAnyException();
    }
}

package io.streambot.core.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests (no network): which bundle each function of a multi-function template runs, and the checks. */
class FunctionBindingsTest {
    private static final String SELF_CODE =
            "{\"S3Bucket\": {\"Ref\": \"CodeBucket\"}, \"S3Key\": {\"Ref\": \"CodeKey\"}}";

    @TempDir
    Path dir;

    private static String function(String id, String extra, String code) {
        return "\"" + id + "\": {\"Type\": \"AWS::Lambda::Function\"" + extra
                + ", \"Properties\": {\"Runtime\": \"java21\", \"Handler\": \"com.example." + id + "\""
                + (code == null ? "" : ", \"Code\": " + code) + "}}";
    }

    private static List<FunctionBindings.Binding> bindings(String... functions) {
        String body =
                "{\"Resources\": {\"Queue\": {\"Type\": \"AWS::SQS::Queue\"}, " + String.join(", ", functions) + "}}";
        return FunctionBindings.check(StackTemplate.parse("t", body), "service.json", "ingest-fn");
    }

    @Test
    void severalFunctionsShareTheModulesOwnBundle() {
        assertThat(bindings(function("Ingest", "", SELF_CODE), function("Replay", "", SELF_CODE)))
                .containsExactly(new FunctionBindings.Binding("Ingest", ""), new FunctionBindings.Binding("Replay", ""))
                .allMatch(FunctionBindings.Binding::self);
    }

    @Test
    void aFunctionRunsAnotherModulesBundleThroughItsStemParameters() {
        String other = "{\"S3Bucket\": {\"Ref\": \"CodeBucketReplayFn\"}, \"S3Key\": {\"Ref\": \"CodeKeyReplayFn\"}}";
        List<FunctionBindings.Binding> b = bindings(
                function("Ingest", "", SELF_CODE),
                function("Replay", ", \"Metadata\": {\"streambot\": {\"bundle\": \"replay-fn\"}}", other));

        assertThat(b).extracting(FunctionBindings.Binding::keyParameter).containsExactly("CodeKey", "CodeKeyReplayFn");
        assertThat(b.get(1).self()).isFalse();
    }

    @Test
    void metadataMayNameTheOwnBundleAsSelfOrByArtifactId() {
        assertThat(bindings(
                        function("Ingest", ", \"Metadata\": {\"streambot\": {\"bundle\": \"self\"}}", SELF_CODE),
                        function("Replay", ", \"Metadata\": {\"streambot\": {\"bundle\": \"ingest-fn\"}}", SELF_CODE)))
                .allMatch(FunctionBindings.Binding::self);
    }

    @Test
    void plainOrInlineCodeIsNotOneOfTheBuildsBundles() {
        assertThat(bindings(
                        function("Inline", "", "{\"ZipFile\": \"exports.handler = 1\"}"),
                        function("Plain", "", "{\"S3Bucket\": \"b\", \"S3Key\": \"k.zip\"}")))
                .extracting(FunctionBindings.Binding::stem)
                .containsExactly(null, null);
    }

    @Test
    void stemsCapitaliseTheArtifactIdsParts() {
        assertThat(FunctionBindings.stem("replay-fn")).isEqualTo("ReplayFn");
        assertThat(FunctionBindings.stem("api_v2.lambda")).isEqualTo("ApiV2Lambda");
    }

    @Test
    void aFunctionWithoutCodeIsRefusedNamingItAndTheCodeToWrite() {
        assertThatThrownBy(() -> bindings(function("Ingest", "", SELF_CODE), function("Replay", "", null)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Code of resource Replay in service.json is missing: the function has no code")
                .hasMessageContaining("set Code to " + SELF_CODE + " for the module's own bundle");
    }

    @Test
    void aFunctionWithoutCodeButWithMetadataIsToldItsBundlesParameters() {
        assertThatThrownBy(() -> bindings(
                        function("Replay", ", \"Metadata\": {\"streambot\": {\"bundle\": \"replay-fn\"}}", null)))
                .hasMessageContaining("Code of resource Replay in service.json is missing")
                .hasMessageContaining("\"S3Key\": {\"Ref\": \"CodeKeyReplayFn\"}");
    }

    @Test
    void metadataAndCodeNamingTwoBundlesAreRefusedNamingBoth() {
        assertThatThrownBy(() -> bindings(
                        function("Replay", ", \"Metadata\": {\"streambot\": {\"bundle\": \"replay-fn\"}}", SELF_CODE)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Metadata.streambot.bundle of resource Replay in service.json = 'replay-fn'")
                .hasMessageContaining("names another bundle than its Code (CodeKey)")
                .hasMessageContaining("bound to two bundles")
                .hasMessageContaining("CodeKeyReplayFn in Code");
    }

    @Test
    void bucketAndKeyOfTwoBundlesAreRefusedNamingBoth() {
        String mixed = "{\"S3Bucket\": {\"Ref\": \"CodeBucket\"}, \"S3Key\": {\"Ref\": \"CodeKeyReplayFn\"}}";
        assertThatThrownBy(() -> bindings(function("Replay", "", mixed)))
                .hasMessageContaining("S3Key of resource Replay in service.json = 'CodeKeyReplayFn'")
                .hasMessageContaining("names another bundle than its S3Bucket (CodeBucket)")
                .hasMessageContaining("CodeBucketReplayFn and CodeKeyReplayFn");
    }

    @Test
    void metadataNamingABundleWhileCodeIsPlainIsRefused() {
        assertThatThrownBy(() -> bindings(function(
                        "Replay",
                        ", \"Metadata\": {\"streambot\": {\"bundle\": \"replay-fn\"}}",
                        "{\"S3Bucket\": \"b\", \"S3Key\": \"k.zip\"}")))
                .hasMessageContaining("Metadata.streambot.bundle of resource Replay in service.json = 'replay-fn'")
                .hasMessageContaining("set its S3Key to {\"Ref\": \"CodeKeyReplayFn\"}");
    }

    @Test
    void aMetadataBundleThatIsNotANameIsRefused() {
        assertThatThrownBy(() ->
                        bindings(function("Replay", ", \"Metadata\": {\"streambot\": {\"bundle\": 3}}", SELF_CODE)))
                .hasMessageContaining("Metadata.streambot.bundle of resource Replay in service.json = '3' is not a"
                        + " bundle's name");
    }

    @Test
    void twoFunctionsSharingAFunctionNameAreRefusedNamingBoth() {
        String named = ", \"FunctionName\": \"orders\"";
        String a =
                "\"A\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"Code\": " + SELF_CODE + named + "}}";
        String b =
                "\"B\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"Code\": " + SELF_CODE + named + "}}";
        assertThatThrownBy(() -> bindings(a, b))
                .hasMessageContaining("FunctionName of resource B in service.json = 'orders' is also the FunctionName"
                        + " of resource A")
                .hasMessageContaining("give each function its own FunctionName");
    }

    @Test
    void serverlessFunctionsBindThroughCodeUriAndItsGlobals() {
        String yaml =
                """
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    CodeUri: {Bucket: !Ref CodeBucket, Key: !Ref CodeKey}
                Resources:
                  Ingest:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: com.example.Ingest}
                  Replay:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.Replay
                      CodeUri: {Bucket: !Ref CodeBucketReplayFn, Key: !Ref CodeKeyReplayFn}
                """;
        assertThat(FunctionBindings.check(StackTemplate.parse("t", yaml), "t", null))
                .extracting(FunctionBindings.Binding::stem)
                .containsExactly("", "ReplayFn");
    }

    @Test
    void aServerlessFunctionWithoutCodeUriIsRefused() {
        String yaml =
                """
                Resources:
                  Ingest:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: com.example.Ingest}
                """;
        assertThatThrownBy(() -> FunctionBindings.check(StackTemplate.parse("t", yaml), "t", null))
                .hasMessageContaining("CodeUri of resource Ingest in t is missing");
    }

    @Test
    void fromProjectReadsTheConventionTemplateAndNamesItRelatively() throws Exception {
        Path cfn = Files.createDirectories(dir.resolve(TemplateSource.CONVENTION_DIRECTORY));
        Files.writeString(cfn.resolve("service.json"), "{\"Resources\": {" + function("Replay", "", null) + "}}");

        assertThatThrownBy(() -> FunctionBindings.fromProject(dir, null, "x"))
                .hasMessageContaining("Code of resource Replay in src/main/cloudformation/service.json is missing");
    }

    @Test
    void thePlatformChecksLeaveAnotherModulesFunctionToThatModule() {
        String other = "{\"S3Bucket\": {\"Ref\": \"CodeBucketReplayFn\"}, \"S3Key\": {\"Ref\": \"CodeKeyReplayFn\"}}";
        String body =
                "{\"Resources\": {" + function("Ingest", "", SELF_CODE) + ", " + function("Replay", "", other) + "}}";

        assertThat(FunctionDeclarations.of(StackTemplate.parse("t", body), "t"))
                .extracting(FunctionDeclarations.FunctionDeclaration::logicalId)
                .containsExactly("Ingest");
    }

    @Test
    void aServerlessContainerImageHasItsCodeInImageUri() {
        String yaml =
                """
                Resources:
                  Image:
                    Type: AWS::Serverless::Function
                    Properties: {PackageType: Image, ImageUri: 123.dkr.ecr.eu-west-3.amazonaws.com/img:1}
                """;
        assertThat(FunctionBindings.check(StackTemplate.parse("t", yaml), "t", null))
                .containsExactly(new FunctionBindings.Binding("Image", null));
    }

    @Test
    void aDeclaredBundleParameterThatNoFunctionUsesIsRefusedNamingIt() {
        String body = "{\"Parameters\": {\"CodeBucket\": {\"Type\": \"String\"}, \"CodeKey\": {\"Type\": \"String\"},"
                + " \"CodeBucketReplayFn\": {\"Type\": \"String\"}, \"CodeKeyReplayFn\": {\"Type\": \"String\"}},"
                + " \"Resources\": {" + function("Ingest", "", SELF_CODE) + "}}";
        StackTemplate template = StackTemplate.parse("t", body);
        List<FunctionBindings.Binding> bindings = FunctionBindings.check(template, "service.json", null);

        assertThatThrownBy(() -> FunctionBindings.checkEveryBundleUsed(template, "service.json", bindings, List.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Parameter CodeBucketReplayFn of service.json declares the code of a bundle"
                        + " (stem ReplayFn) that no function uses")
                .hasMessageContaining(
                        "bind a function to it with Code {\"S3Bucket\": {\"Ref\": \"CodeBucketReplayFn\"},"
                                + " \"S3Key\": {\"Ref\": \"CodeKeyReplayFn\"}}, or remove the parameter");
    }

    @Test
    void aReactorModuleWhoseBundleNoFunctionRunsIsRefusedNamingTheDependency() {
        String other = "{\"S3Bucket\": {\"Ref\": \"CodeBucketReplayFn\"}, \"S3Key\": {\"Ref\": \"CodeKeyReplayFn\"}}";
        String body = "{\"Resources\": {" + function("Replay", "", other) + "}}";
        StackTemplate template = StackTemplate.parse("t", body);
        List<FunctionBindings.Binding> bindings = FunctionBindings.check(template, "service.json", null);

        assertThatThrownBy(() -> FunctionBindings.checkEveryBundleUsed(
                        template, "service.json", bindings, List.of("replay-fn", "api-fn")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<dependency> on module api-fn brings a bundle that no function of service.json"
                        + " uses: no function's Code refers to CodeKeyApiFn")
                .hasMessageContaining("or remove the <dependency> on api-fn");
    }

    @Test
    void everyBundleUsedPassesWhenEachBundleHasAFunction() {
        String other = "{\"S3Bucket\": {\"Ref\": \"CodeBucketReplayFn\"}, \"S3Key\": {\"Ref\": \"CodeKeyReplayFn\"}}";
        String body = "{\"Parameters\": {\"CodeBucketReplayFn\": {\"Type\": \"String\"},"
                + " \"CodeKeyReplayFn\": {\"Type\": \"String\"}, \"CodeVersionReplayFn\": {\"Type\": \"String\"}},"
                + " \"Resources\": {" + function("Ingest", "", SELF_CODE) + ", " + function("Replay", "", other) + "}}";
        StackTemplate template = StackTemplate.parse("t", body);
        List<FunctionBindings.Binding> bindings = FunctionBindings.check(template, "service.json", null);

        FunctionBindings.checkEveryBundleUsed(template, "service.json", bindings, List.of("replay-fn"));
        assertThat(bindings).extracting(FunctionBindings.Binding::stem).containsExactly("", "ReplayFn");
    }
}

package io.streambot.core.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.upload.UploadManifest;
import io.streambot.core.upload.UploadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.model.Capability;

/** Unit tests (no network): reading templates, capabilities, parameters, durations, upload.json. */
class TemplateTest {
    static final String YAML =
            """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              CodeBucket: {Type: String}
              CodeKey: {Type: String}
              Secret: {Type: String, NoEcho: true, Default: x}
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: !Sub "${AWS::StackName}-runtime"
                  AssumeRolePolicyDocument: {}
              Function:
                Type: AWS::Lambda::Function
                Properties:
                  Role: !GetAtt Role.Arn
                  Code:
                    S3Bucket: !Ref CodeBucket
                    S3Key: !Ref CodeKey
                  Environment:
                    Variables:
                      LIST: !Join [",", [!Ref CodeBucket, !GetAtt [Role, Arn]]]
                      TEXT: !Sub |
                        multi-line ${CodeKey}
            Outputs:
              Arn: {Value: !GetAtt Function.Arn}
            """;

    @TempDir
    Path dir;

    @Test
    void yamlWithShortFormIntrinsicsIsReadAndKeptAsWritten() {
        StackTemplate t = StackTemplate.parse("service.yaml", YAML);

        assertThat(t.isJson()).isFalse();
        assertThat(t.body()).isEqualTo(YAML);
        assertThat(t.parameters().keySet()).containsExactly("CodeBucket", "CodeKey", "Secret");
        assertThat(t.parameters().get("Secret")).isEqualTo(new StackTemplate.Parameter("Secret", true, true));
        assertThat(t.parameters().get("CodeKey").hasDefault()).isFalse();
        assertThat(t.resources().get("Function").type()).isEqualTo("AWS::Lambda::Function");
        assertThat(CapabilityDetector.detect(t))
                .containsExactlyInAnyOrder(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM);
    }

    @Test
    void yamlIsComparedAsTextBecauseItsTagsAreDroppedWhenRead() {
        StackTemplate t = StackTemplate.parse("service.yaml", YAML);

        assertThat(t.sameAs(YAML + "\n")).isTrue();
        assertThat(t.sameAs(YAML.replace("S3Key: !Ref CodeKey", "S3Key: CodeKey")))
                .isFalse();
    }

    @Test
    void jsonIsComparedAsADocument() {
        StackTemplate t = StackTemplate.parse("t.json", "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}");

        assertThat(t.sameAs(
                        "{\n  \"Resources\" : {\n    \"Q\" : {\n      \"Type\" : \"AWS::SQS::Queue\"\n    }\n  }\n}"))
                .isTrue();
        assertThat(t.sameAs("{\"Resources\": {\"Q\": {\"Type\": \"AWS::SNS::Topic\"}}}"))
                .isFalse();
        assertThat(t.sameAs(null)).isFalse();
    }

    @Test
    void capabilitiesFollowWhatTheTemplateDeclares() {
        assertThat(detect("{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}"))
                .isEmpty();
        assertThat(detect(
                        "{\"Resources\": {\"R\": {\"Type\": \"AWS::IAM::Role\", \"Properties\": {\"Path\": \"/\"}}}}"))
                .containsExactly(Capability.CAPABILITY_IAM);
        assertThat(detect("{\"Transform\": \"AWS::Serverless-2016-10-31\", \"Resources\": {\"F\":"
                        + " {\"Type\": \"AWS::Serverless::Function\"}}}"))
                .containsExactlyInAnyOrder(Capability.CAPABILITY_AUTO_EXPAND, Capability.CAPABILITY_IAM);
        assertThat(detect("{\"Resources\": {\"N\": {\"Type\": \"AWS::CloudFormation::Stack\"}}}"))
                .containsExactly(Capability.CAPABILITY_AUTO_EXPAND);
        assertThat(detect("{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\":"
                        + " {\"Fn::Transform\": {\"Name\": \"MyMacro\"}}}}}"))
                .containsExactly(Capability.CAPABILITY_AUTO_EXPAND);
    }

    private static Set<Capability> detect(String json) {
        return CapabilityDetector.detect(StackTemplate.parse("t.json", json));
    }

    @Test
    void brokenTemplatesNameTheTemplateAndTheProblem() {
        assertThatThrownBy(() -> StackTemplate.parse("bad.json", "{\"Resources\": "))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("<template> (-Dstreambot.template) = 'bad.json' is not valid JSON");
        assertThatThrownBy(() -> StackTemplate.parse("empty.yaml", "Parameters: {}\n"))
                .hasMessageContaining("declares no Resources");
        assertThatThrownBy(() -> StackTemplate.parse("t.yaml", "Resources:\n  R: {Properties: {}}\n"))
                .hasMessageContaining("has resource R without a Type");
    }

    @Test
    void theConventionDirectoryMustHoldExactlyOneTemplate() throws Exception {
        assertThatThrownBy(() -> TemplateSource.fromProject(dir, null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(
                        "<template> (-Dstreambot.template) is not set and " + dir.resolve("src/main/cloudformation"))
                .hasMessageContaining("holds no *.json, *.yaml, *.yml or *.template file");
        assertThat(TemplateSource.conventionDirectoryHasTemplates(dir)).isFalse();

        Path cfn = Files.createDirectories(dir.resolve("src/main/cloudformation"));
        Files.writeString(cfn.resolve("README.md"), "not a template");
        assertThat(TemplateSource.conventionDirectoryHasTemplates(dir)).isFalse();
        Files.writeString(cfn.resolve("service.yaml"), YAML);
        assertThat(TemplateSource.conventionDirectoryHasTemplates(dir)).isTrue();
        assertThat(TemplateSource.fromProject(dir, null).name()).endsWith("service.yaml");

        Files.writeString(cfn.resolve("other.json"), "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}");
        assertThatThrownBy(() -> TemplateSource.fromProject(dir, null))
                .hasMessageContaining("holds several templates [other.json, service.yaml]")
                .hasMessageContaining("set <template> (or -Dstreambot.template) to the one to deploy");
        assertThat(TemplateSource.fromProject(dir, Path.of("src/main/cloudformation/other.json"))
                        .isJson())
                .isTrue();
        assertThatThrownBy(() -> TemplateSource.fromProject(dir, Path.of("nope.json")))
                .hasMessageStartingWith("<template> (-Dstreambot.template) = 'nope.json' is not a file");
    }

    @Test
    void automaticParametersFillOnlyWhatTheUserDidNotSet() {
        StackTemplate t = StackTemplate.parse("service.yaml", YAML);

        TemplateParameters.Resolved r = TemplateParameters.resolve(
                t, Map.of("CodeBucket", "mine"), new CodeLocation("uploaded", "k.zip", null), Map.of(), Set.of());

        assertThat(r.values()).containsExactly(Map.entry("CodeBucket", "mine"), Map.entry("CodeKey", "k.zip"));
        assertThat(r.automatic()).containsOnlyKeys("CodeKey");
        assertThat(r.keepPrevious()).isEmpty();
    }

    @Test
    void previousValuesAreKeptOnUpdateAndMissingOnesAreNamed() {
        StackTemplate t = StackTemplate.parse("service.yaml", YAML);

        TemplateParameters.Resolved r =
                TemplateParameters.resolve(t, Map.of(), null, Map.of(), Set.of("CodeBucket", "CodeKey", "Secret"));
        assertThat(r.keepPrevious()).containsExactly("CodeBucket", "CodeKey", "Secret");
        assertThat(r.toSdk()).allMatch(p -> p.usePreviousValue() && p.parameterValue() == null);

        assertThatThrownBy(() -> TemplateParameters.resolve(t, Map.of(), null, Map.of(), Set.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gives no value for CodeBucket, CodeKey")
                .hasMessageContaining("filled by the upload goal: run it first");
    }

    @Test
    void primaryOutputsAreAcceptedUnderTheirSeedAndShortNames() {
        assertThat(TemplateParameters.fromPrimaryOutputs("StreambotEnvFunctionArn", Map.of("EnvFunctionArn", "a")))
                .isEqualTo("a");
        assertThat(TemplateParameters.fromPrimaryOutputs(
                        "ConfigTableName", Map.of("ConfigTableName", "t1", "TableName", "t2")))
                .isEqualTo("t1");
        assertThat(TemplateParameters.fromPrimaryOutputs("StreambotConnectorFunctionArn", Map.of()))
                .isNull();
    }

    @Test
    void requestsAreCheckedBeforeAnyCall() {
        StackTemplate t = StackTemplate.parse("service.yaml", YAML);

        assertThatThrownBy(() -> DeployRequest.builder("1bad_name", t).build().validate())
                .hasMessageStartingWith(
                        "<stackName> (-Dstreambot.stack) = '1bad_name' is not a CloudFormation stack name");
        assertThatThrownBy(() -> DeployRequest.builder("svc", t)
                        .onFailure("explode")
                        .build()
                        .validate())
                .hasMessageContaining("<onFailure> (-Dstreambot.onFailure) = 'EXPLODE' is not a failure action");
        assertThatThrownBy(() -> DeployRequest.builder("svc", t)
                        .onFailure("DELETE")
                        .disableRollback(true)
                        .build()
                        .validate())
                .hasMessageContaining("contradicts <onFailure>DELETE</onFailure>");
        assertThatThrownBy(() -> DeployRequest.builder("svc", t)
                        .capabilities(List.of("IAMM"))
                        .build()
                        .validate())
                .hasMessageContaining(
                        "<capabilities> (-Dstreambot.capabilities) = 'IAMM' is not a CloudFormation capability");
        assertThat(DeployRequest.builder("svc", t)
                        .capabilities(List.of("named_iam"))
                        .build()
                        .capabilitySet())
                .containsExactly(Capability.CAPABILITY_NAMED_IAM);
        assertThatThrownBy(() -> DeployRequest.builder("svc", t)
                        .roleArn("deployer")
                        .build()
                        .validate())
                .hasMessageContaining("<roleArn> (-Dstreambot.roleArn) = 'deployer' is not an IAM role ARN");
    }

    @Test
    void namesArnsAndTagsAreCheckedAgainstWhatCloudFormationAccepts() {
        StackTemplate t = StackTemplate.parse("service.yaml", YAML);

        assertThatThrownBy(() -> DeployRequest.builder("svc", t)
                        .primaryStackName("streambot_env")
                        .build()
                        .validate())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("<primaryStackName> (-Dstreambot.primaryStackName) = 'streambot_env' is not"
                        + " a CloudFormation stack name");
        assertThatThrownBy(() -> DeployRequest.builder("svc", t)
                        .roleArn("arn:aws:iam::123456789012:user/deployer")
                        .build()
                        .validate())
                .hasMessageContaining("is not an IAM role ARN");
        assertThatThrownBy(() -> DeployRequest.builder("svc", t)
                        .notificationArns(List.of("arn:aws:sqs:eu-west-1:123456789012:q"))
                        .build()
                        .validate())
                .hasMessageContaining("'arn:aws:sqs:eu-west-1:123456789012:q' is not an SNS topic ARN");
        assertThatThrownBy(() -> DeployRequest.builder("svc", t)
                        .notificationArns(java.util.Collections.nCopies(6, "arn:aws:sns:eu-west-1:123456789012:t"))
                        .build()
                        .validate())
                .hasMessageContaining("exceeds CloudFormation's 5 notification ARNs per stack");
        assertThatThrownBy(() -> DeployRequest.builder("svc", t)
                        .tags(Map.of("team", "x".repeat(257)))
                        .build()
                        .validate())
                .hasMessageContaining("<tags><team>")
                .hasMessageContaining("is not a valid stack tag");
        assertThat(DeployRequest.builder("svc", t)
                        .roleArn("arn:aws-us-gov:iam::123456789012:role/path/cfn-deployer")
                        .notificationArns(List.of("arn:aws:sns:eu-west-1:123456789012:deploys.fifo"))
                        .tags(Map.of("team", "data"))
                        .build()
                        .validate()
                        .roleArn())
                .isEqualTo("arn:aws-us-gov:iam::123456789012:role/path/cfn-deployer");
    }

    @Test
    void theUploadGoalsRecordIsRead() throws Exception {
        Path file = dir.resolve("upload.json");
        Files.writeString(
                file,
                """
                {"bucket": "b", "key": "streambot/svc/abc.zip", "version": "v1", "sha256": "abc",
                 "providers": {"bucket": "b", "key": "streambot/providers/def.zip"}}
                """);

        assertThat(CodeLocation.fromUploadJson(file, null))
                .isEqualTo(new CodeLocation("b", "streambot/svc/abc.zip", "v1"));
        assertThat(CodeLocation.fromUploadJson(file, "providers"))
                .isEqualTo(new CodeLocation("b", "streambot/providers/def.zip", null));
        assertThat(CodeLocation.fromUploadJson(dir.resolve("none.json"), null)).isNull();
        assertThat(CodeLocation.of("b", " ", null)).isNull();
    }

    @Test
    void theUploadGoalsManifestIsReadBackAsCodeLocations() throws Exception {
        Path file = dir.resolve("streambot/upload.json");
        UploadManifest.write(
                file,
                "svc",
                new UploadResult("b", "streambot/svc/abc.zip", "v1", "ab", "q80=", true, 3),
                new UploadResult("b", "streambot/streambot-providers/def.zip", null, "de", "3g==", false, 0));

        assertThat(CodeLocation.fromUploadJson(file, null))
                .isEqualTo(new CodeLocation("b", "streambot/svc/abc.zip", "v1"));
        assertThat(CodeLocation.fromUploadJson(file, "providers"))
                .isEqualTo(new CodeLocation("b", "streambot/streambot-providers/def.zip", null));
    }

    @Test
    void stackOutputsAreWrittenForTheBuild() throws Exception {
        Path file = new StackOutputs("svc", "id", "CREATE_COMPLETE", Map.of("Arn", "arn:x")).write(dir.resolve("t"));

        assertThat(file).isEqualTo(dir.resolve("t/stack-svc.json"));
        assertThat(Files.readString(file)).contains("\"Arn\" : \"arn:x\"").contains("\"stackName\" : \"svc\"");
    }
}

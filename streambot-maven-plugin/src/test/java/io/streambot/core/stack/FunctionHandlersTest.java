package io.streambot.core.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests (no network): the Java handlers a template declares, as bundle and invoke read them. */
class FunctionHandlersTest {
    private static final String ONE_FUNCTION_JSON =
            """
            {
              "Resources": {
                "Queue": {"Type": "AWS::SQS::Queue"},
                "Ingest": {
                  "Type": "AWS::Lambda::Function",
                  "Properties": {"Runtime": "java21", "Handler": "com.example.Ingest::handleRequest"}
                }
              }
            }
            """;

    @TempDir
    Path dir;

    private final List<String> debug = new ArrayList<>();
    private final Events events = new Events() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {
            debug.add(message);
        }
    };

    private static List<FunctionHandler> handlers(String template) {
        return FunctionHandlers.of(StackTemplate.parse("t", template), "t");
    }

    @Test
    void aTemplateWithOneJavaFunctionHasItsHandler() {
        assertThat(handlers(ONE_FUNCTION_JSON))
                .containsExactly(new FunctionHandler("t", "Ingest", "com.example.Ingest::handleRequest"));
    }

    @Test
    void everyJavaFunctionCountsInTemplateOrderServerlessOnesWithTheirGlobals() {
        String yaml =
                """
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    Runtime: java17
                Resources:
                  Report:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.Report
                  Ingest:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java8.al2
                      Handler: com.example.Ingest::handleRequest
                """;

        assertThat(handlers(yaml))
                .containsExactly(
                        new FunctionHandler("t", "Report", "com.example.Report"),
                        new FunctionHandler("t", "Ingest", "com.example.Ingest::handleRequest"));
    }

    @Test
    void intrinsicHandlersAreSkippedInJsonAndInYamlShortForm() {
        String json =
                """
                {"Resources": {
                  "BySub": {"Type": "AWS::Lambda::Function",
                            "Properties": {"Runtime": "java21", "Handler": {"Fn::Sub": "${Package}.Ingest"}}},
                  "ByRef": {"Type": "AWS::Lambda::Function",
                            "Properties": {"Runtime": "java21", "Handler": {"Ref": "HandlerName"}}}
                }}
                """;
        String yaml =
                """
                Resources:
                  BySub:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java21
                      Handler: !Sub "${Package}.Ingest"
                  ByRef:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java21
                      Handler: !Ref HandlerName
                  Plain:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java21
                      Handler: !!str com.example.Plain
                """;

        assertThat(handlers(json)).isEmpty();
        assertThat(handlers(yaml)).containsExactly(new FunctionHandler("t", "Plain", "com.example.Plain"));
    }

    @Test
    void functionsOfOtherRuntimesOrImagesAreSkippedAndAnAbsentRuntimeCountsAsJava() {
        String yaml =
                """
                Globals:
                  Function:
                    Runtime: python3.12
                Resources:
                  Python:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: python3.12
                      Handler: index.handler
                  Node:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: app.handler
                  RuntimeFromParameter:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: !Ref Runtime
                      Handler: com.example.Unknown
                  Image:
                    Type: AWS::Lambda::Function
                    Properties:
                      PackageType: Image
                      Code: {ImageUri: example}
                  NoRuntime:
                    Type: AWS::Lambda::Function
                    Properties:
                      Handler: com.example.Layered
                """;

        assertThat(handlers(yaml)).containsExactly(new FunctionHandler("t", "NoRuntime", "com.example.Layered"));
    }

    @Test
    void theProjectsTemplateIsFoundAsDeployStackFindsIt() throws Exception {
        Path conventional = dir.resolve("src/main/cloudformation");
        Files.createDirectories(conventional);

        assertThat(FunctionHandlers.fromProject(dir.resolve("none"), null, events))
                .isEmpty();
        assertThat(debug).singleElement().asString().startsWith("No handlers from a template: <template>");

        Files.writeString(conventional.resolve("service.json"), ONE_FUNCTION_JSON);
        assertThat(FunctionHandlers.fromProject(dir, null, events))
                .containsExactly(new FunctionHandler(
                        "src/main/cloudformation/service.json", "Ingest", "com.example.Ingest::handleRequest"));

        Files.writeString(conventional.resolve("other.yaml"), "Resources: {Q: {Type: AWS::SQS::Queue}}\n");
        assertThat(FunctionHandlers.fromProject(dir, null, events)).isEmpty();
        assertThat(FunctionHandlers.fromProject(dir, Path.of("src/main/cloudformation/service.json"), events))
                .extracting(FunctionHandler::logicalId)
                .containsExactly("Ingest");

        assertThatThrownBy(() -> FunctionHandlers.fromProject(dir, Path.of("missing.yaml"), events))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("<template> (-Dstreambot.template) = 'missing.yaml' is not a file");
    }

    @Test
    void invokeTakesTheOnlyHandlerAndNamesThemAllWhenThereAreSeveral() {
        FunctionHandler ingest = new FunctionHandler("t.yaml", "Ingest", "com.example.Ingest::handleRequest");
        FunctionHandler report = new FunctionHandler("t.yaml", "Report", "com.example.Report");

        assertThat(FunctionHandlers.single(List.of(ingest), "<handler>", "streambot.handler"))
                .isEqualTo(ingest);
        assertThatThrownBy(() -> FunctionHandlers.single(List.of(ingest, report), "<handler>", "streambot.handler"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("<handler> (-Dstreambot.handler) is not set and t.yaml declares several Java function"
                        + " handlers: com.example.Ingest::handleRequest (resource Ingest), com.example.Report"
                        + " (resource Report): choose one with -Dstreambot.handler=com.example.Ingest::handleRequest"
                        + " (or set <handler>)");
        assertThatThrownBy(() -> FunctionHandlers.single(List.of(), "<handler>", "streambot.handler"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("<handler> (-Dstreambot.handler) is not set, and no template (<template>, or the single"
                        + " one in src/main/cloudformation/) declares a Java function's Handler: set it to the"
                        + " function's handler, such as com.example.Ingest::handleRequest");
    }

    @Test
    void aFunctionRunningAnotherModulesBundleIsNotThisBundlesHandler() {
        String json =
                """
                {"Resources": {
                  "Ingest": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "java21",
                    "Handler": "com.example.Ingest", "Code": {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}}}},
                  "Replay": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "java21",
                    "Handler": "com.example.Replay", "Code": {"S3Bucket": {"Ref": "CodeBucketReplayFn"}, "S3Key": {"Ref": "CodeKeyReplayFn"}}}}
                }}
                """;

        assertThat(handlers(json)).containsExactly(new FunctionHandler("t", "Ingest", "com.example.Ingest"));
    }
}

package io.streambot.core.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.stack.StackTemplate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateMappingTest {
    private static final StackTemplate TEMPLATE = StackTemplate.parse(
            "t.json",
            """
            {"Resources": {
              "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {}},
              "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {}},
              "TableMapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
                "EventSourceArn": {"Fn::GetAtt": ["Table", "StreamArn"]}, "FunctionName": "f",
                "BatchSize": 10, "MaximumBatchingWindowInSeconds": "5", "StartingPosition": "LATEST",
                "BisectBatchOnFunctionError": true, "MaximumRetryAttempts": 2,
                "FunctionResponseTypes": ["ReportBatchItemFailures"]}},
              "Connector": {"Type": "Custom::StreambotConnector", "Properties": {
                "StreamArn": {"Fn::GetAtt": ["Stream", "Arn"]}, "FunctionName": "f"}},
              "Plain": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
                "EventSourceArn": "arn:aws:kinesis:eu-west-3:123456789012:stream/events", "FunctionName": "f"}}}}
            """);

    @Test
    void readsBothKindsOfMappingWithTheirSettingsAndLambdasDefaults() {
        List<TemplateMapping> mappings = TemplateMapping.of(TEMPLATE, "t.json");

        assertThat(mappings)
                .containsExactly(
                        new TemplateMapping(
                                "t.json",
                                "TableMapping",
                                null,
                                "Table",
                                "dynamodb",
                                new MappingSettings(10, Duration.ofSeconds(5), StartingPosition.LATEST, true, 2, true)),
                        new TemplateMapping(
                                "t.json",
                                "Connector",
                                null,
                                "Stream",
                                "kinesis",
                                MappingSettings.defaults(StartingPosition.TRIM_HORIZON)),
                        new TemplateMapping(
                                "t.json",
                                "Plain",
                                "arn:aws:kinesis:eu-west-3:123456789012:stream/events",
                                null,
                                "kinesis",
                                MappingSettings.defaults(StartingPosition.TRIM_HORIZON)));
    }

    @Test
    void severalMappingsNeedOneChosenByItsLogicalId() {
        List<TemplateMapping> mappings = TemplateMapping.of(TEMPLATE, "t.json");

        assertThat(TemplateMapping.choose(mappings, "Connector").logicalId()).isEqualTo("Connector");
        assertThat(TemplateMapping.choose(List.of(), null)).isNull();
        assertThatThrownBy(() -> TemplateMapping.choose(mappings, null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("<mapping> (-Dstreambot.stream.mapping) is not set and the template declares several"
                        + " mappings (TableMapping, Connector, Plain): choose one with"
                        + " -Dstreambot.stream.mapping=TableMapping");
        assertThatThrownBy(() -> TemplateMapping.choose(mappings, "Nope"))
                .hasMessageStartingWith("<mapping> (-Dstreambot.stream.mapping) = 'Nope' is not an");
    }

    @Test
    void anArnNamesItsKindOfStream() {
        assertThat(TemplateMapping.kindOfArn("arn:aws:kinesis:eu-west-3:1:stream/s"))
                .isEqualTo("kinesis");
        assertThat(TemplateMapping.kindOfArn("arn:aws:dynamodb:eu-west-3:1:table/t/stream/2026-01-01T00:00:00.000"))
                .isEqualTo("dynamodb");
        assertThat(TemplateMapping.kindOfArn("arn:aws:sqs:eu-west-3:1:queue")).isNull();
        assertThat(TemplateMapping.kindOfArn("events")).isNull();
    }
}

package io.streambot.core.esm;

import com.fasterxml.jackson.databind.JsonNode;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.stack.StackTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A stream-to-function mapping a template declares, as {@code AWS::Lambda::EventSourceMapping} ({@code
 * EventSourceArn}) or {@code Custom::StreambotConnector} ({@code StreamArn}), with the same batching and retry
 * properties. The stream's ARN is known only when written as a plain string; a {@code Ref} or {@code
 * Fn::GetAtt} to a stream of the same template names the kind of stream only.
 *
 * @param template the template file, for messages
 * @param logicalId the mapping resource's logical id
 * @param streamArn the stream's ARN when a plain string, else null
 * @param streamResource the logical id of the template's stream (or table) the ARN refers to, else null
 * @param kind {@code kinesis}, {@code dynamodb}, or null when unknown
 * @param settings the batching and retry settings, Lambda's defaults where the template gives none
 */
public record TemplateMapping(
        String template,
        String logicalId,
        String streamArn,
        String streamResource,
        String kind,
        MappingSettings settings) {

    public static final String KINESIS = "kinesis";
    public static final String DYNAMODB = "dynamodb";

    /** For messages: {@code resource Connector in src/main/cloudformation/template.json}. */
    public String where() {
        return "resource " + logicalId + " in " + template;
    }

    /** The mappings of {@code template}, in template order. */
    public static List<TemplateMapping> of(StackTemplate template, String displayName) {
        List<TemplateMapping> mappings = new ArrayList<>();
        for (StackTemplate.Resource resource : template.resources().values()) {
            String arnProperty;
            if (resource.type().equals("AWS::Lambda::EventSourceMapping")) {
                arnProperty = "EventSourceArn";
            } else if (resource.type().equals("Custom::StreambotConnector")) {
                arnProperty = "StreamArn";
            } else {
                continue;
            }
            JsonNode p = resource.properties();
            String arn = template.plainString("Resources", resource.logicalId(), "Properties", arnProperty);
            String referenced = referencedResource(p.path(arnProperty));
            String kind = arn != null ? kindOfArn(arn) : kindOfResource(template, referenced);
            String position = template.plainString("Resources", resource.logicalId(), "Properties", "StartingPosition");
            boolean itemFailures = false;
            for (JsonNode type : p.path("FunctionResponseTypes")) {
                itemFailures |= "ReportBatchItemFailures".equals(type.asText());
            }
            MappingSettings settings = new MappingSettings(
                    intOr(p.path("BatchSize"), 100),
                    Duration.ofSeconds(intOr(p.path("MaximumBatchingWindowInSeconds"), 0)),
                    position == null || position.equalsIgnoreCase("AT_TIMESTAMP")
                            ? StartingPosition.TRIM_HORIZON
                            : StartingPosition.parse(position),
                    Boolean.parseBoolean(p.path("BisectBatchOnFunctionError").asText("false")),
                    intOr(p.path("MaximumRetryAttempts"), -1),
                    itemFailures);
            mappings.add(new TemplateMapping(
                    displayName, resource.logicalId(), arn, arn == null ? referenced : null, kind, settings));
        }
        return List.copyOf(mappings);
    }

    /**
     * The mapping to run: the one named {@code logicalId}, else the template's only one; null when the template has
     * none (the stream must then be given).
     *
     * @throws InvalidConfigurationException naming {@code <mapping>} when it is ambiguous or names no mapping
     */
    public static TemplateMapping choose(List<TemplateMapping> mappings, String logicalId) {
        if (logicalId != null && !logicalId.isBlank()) {
            return mappings.stream()
                    .filter(m -> m.logicalId().equals(logicalId.trim()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidConfigurationException(
                            "<mapping>",
                            "streambot.stream.mapping",
                            logicalId,
                            "is not an AWS::Lambda::EventSourceMapping or Custom::StreambotConnector of the template"
                                    + names(mappings),
                            "give the logical id of one of them"));
        }
        if (mappings.size() > 1) {
            throw new InvalidConfigurationException(
                    "<mapping>",
                    "streambot.stream.mapping",
                    null,
                    "is not set and the template declares several mappings" + names(mappings),
                    "choose one with -Dstreambot.stream.mapping="
                            + mappings.get(0).logicalId());
        }
        return mappings.isEmpty() ? null : mappings.get(0);
    }

    private static String names(List<TemplateMapping> mappings) {
        return mappings.isEmpty()
                ? " (it declares none)"
                : " (" + mappings.stream().map(TemplateMapping::logicalId).collect(Collectors.joining(", ")) + ")";
    }

    /** {@code kinesis} or {@code dynamodb} from an ARN's service, or null. */
    public static String kindOfArn(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            return null;
        }
        if (parts[2].equals("kinesis") && parts[5].startsWith("stream/")) {
            return KINESIS;
        }
        if (parts[2].equals("dynamodb") && parts[5].contains("/stream/")) {
            return DYNAMODB;
        }
        return null;
    }

    private static String kindOfResource(StackTemplate template, String logicalId) {
        if (logicalId == null || !template.resources().containsKey(logicalId)) {
            return null;
        }
        return switch (template.resources().get(logicalId).type()) {
            case "AWS::Kinesis::Stream" -> KINESIS;
            case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> DYNAMODB;
            default -> null;
        };
    }

    /** The logical id in {@code {"Ref": X}} or {@code {"Fn::GetAtt": [X, ...]}} (or {@code "X.Attr"}). */
    private static String referencedResource(JsonNode value) {
        if (value.has("Ref")) {
            return value.get("Ref").asText();
        }
        JsonNode getAtt = value.path("Fn::GetAtt");
        if (getAtt.isArray() && !getAtt.isEmpty()) {
            return getAtt.get(0).asText();
        }
        if (getAtt.isTextual()) {
            return getAtt.asText().split("\\.")[0];
        }
        return null;
    }

    private static int intOr(JsonNode node, int fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        try {
            return Integer.parseInt(node.asText().trim().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            return fallback; // an intrinsic function: only CloudFormation knows it
        }
    }
}

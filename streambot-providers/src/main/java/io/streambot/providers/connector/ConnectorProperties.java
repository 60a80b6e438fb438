package io.streambot.providers.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streambot.providers.internal.InvalidPropertyException;
import io.streambot.providers.internal.ResourceProperties;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.Filter;
import software.amazon.awssdk.services.lambda.model.FilterCriteria;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.OnFailure;

/** The validated properties of a {@code Custom::StreambotConnector}. */
record ConnectorProperties(
        String functionName,
        FunctionId function,
        Optional<Region> region,
        String streamArn,
        int batchSize,
        EventSourcePosition startingPosition,
        Optional<Instant> startingPositionTimestamp,
        boolean enabled,
        Optional<Integer> maximumBatchingWindowInSeconds,
        Optional<Integer> parallelizationFactor,
        Optional<Boolean> bisectBatchOnFunctionError,
        Optional<Integer> maximumRetryAttempts,
        Optional<Integer> maximumRecordAgeInSeconds,
        Optional<Integer> tumblingWindowInSeconds,
        Optional<List<FunctionResponseType>> functionResponseTypes,
        Optional<DestinationConfig> destinationConfig,
        Optional<FilterCriteria> filterCriteria,
        boolean adopt) {

    static final int DEFAULT_BATCH_SIZE = 100;
    static final Set<String> KNOWN = Set.of(
            "FunctionName",
            "FunctionRegion",
            "StreamArn",
            "BatchSize",
            "StartingPosition",
            "StartingPositionTimestamp",
            "Enabled",
            "MaximumBatchingWindowInSeconds",
            "ParallelizationFactor",
            "BisectBatchOnFunctionError",
            "MaximumRetryAttempts",
            "MaximumRecordAgeInSeconds",
            "TumblingWindowInSeconds",
            "FunctionResponseTypes",
            "DestinationConfig",
            "FilterCriteria",
            "Adopt");

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    // Lambda's own forms: name, name:qualifier, account:function:name, full ARN with optional qualifier.
    private static final Pattern FUNCTION = Pattern.compile("(?:arn:aws[a-z-]*:lambda:([a-z]{2}(?:-[a-z]+)+-\\d+):)?"
            + "(?:\\d{12}:function:)?([A-Za-z0-9_-]{1,64})(?::(\\$LATEST|[A-Za-z0-9_-]{1,128}))?");
    private static final Pattern KINESIS_STREAM = Pattern.compile(
            "arn:aws[a-z-]*:kinesis:[a-z]{2}(-[a-z]+)+-\\d+:\\d{12}:stream/[A-Za-z0-9_.-]{1,128}(/consumer/.+)?");
    private static final Pattern DYNAMODB_STREAM = Pattern.compile(
            "arn:aws[a-z-]*:dynamodb:[a-z]{2}(-[a-z]+)+-\\d+:\\d{12}:table/[A-Za-z0-9_.-]{3,255}/stream/.+");

    /** A function as Lambda reports it in a mapping: name and qualifier (empty for the unqualified function). */
    record FunctionId(String name, String qualifier) {
        /** Parses any of Lambda's function name forms, or empty when it is none of them. */
        static Optional<FunctionId> parse(String text) {
            Matcher m = FUNCTION.matcher(text);
            if (!m.matches()) {
                return Optional.empty();
            }
            String qualifier = m.group(3) == null || m.group(3).equals("$LATEST") ? "" : m.group(3);
            return Optional.of(new FunctionId(m.group(2), qualifier));
        }
    }

    static ConnectorProperties from(ResourceProperties p) {
        p.rejectUnknown(KNOWN);
        String functionName = p.requiredString("FunctionName");
        Matcher function = FUNCTION.matcher(functionName);
        if (!function.matches()) {
            throw new InvalidPropertyException(
                    "FunctionName",
                    "must be a Lambda function name, name:alias or function ARN; use {\"Ref\": \"YourFunction\"}");
        }
        Optional<Region> region = functionRegion(p);
        if (function.group(1) != null) {
            Region arnRegion = Region.of(function.group(1));
            if (region.isPresent() && !region.get().equals(arnRegion)) {
                throw new InvalidPropertyException(
                        "FunctionRegion", "differs from the region in the FunctionName ARN; remove one of them");
            }
            region = Optional.of(arnRegion);
        }
        String streamArn = p.requiredString("StreamArn");
        boolean kinesis = KINESIS_STREAM.matcher(streamArn).matches();
        if (!kinesis && !DYNAMODB_STREAM.matcher(streamArn).matches()) {
            throw new InvalidPropertyException(
                    "StreamArn",
                    "must be the ARN of a Kinesis stream (arn:<partition>:kinesis:<region>:<account>:stream/<name>)"
                            + " or of a DynamoDB table's stream (...:table/<name>/stream/<label>)");
        }
        EventSourcePosition position = startingPosition(p);
        Optional<Instant> timestamp = startingPositionTimestamp(p);
        if (position == EventSourcePosition.AT_TIMESTAMP) {
            if (timestamp.isEmpty()) {
                throw new InvalidPropertyException(
                        "StartingPositionTimestamp",
                        "is required with StartingPosition AT_TIMESTAMP (an ISO-8601 instant or epoch seconds)");
            }
            if (!kinesis) {
                throw new InvalidPropertyException(
                        "StartingPosition", "AT_TIMESTAMP works only with Kinesis streams; use TRIM_HORIZON or LATEST");
            }
        } else if (timestamp.isPresent()) {
            throw new InvalidPropertyException(
                    "StartingPositionTimestamp", "is only allowed with StartingPosition AT_TIMESTAMP");
        }
        Optional<Integer> recordAge = p.optionalInt("MaximumRecordAgeInSeconds", -1, 604_800);
        if (recordAge.isPresent() && recordAge.get() != -1 && recordAge.get() < 60) {
            throw new InvalidPropertyException(
                    "MaximumRecordAgeInSeconds", "must be -1 (no limit) or a whole number from 60 to 604800");
        }
        return new ConnectorProperties(
                functionName,
                FunctionId.parse(functionName).orElseThrow(),
                region,
                streamArn,
                p.intOrDefault("BatchSize", 1, 10_000, DEFAULT_BATCH_SIZE),
                position,
                timestamp,
                p.optionalBoolean("Enabled").orElse(true),
                p.optionalInt("MaximumBatchingWindowInSeconds", 0, 300),
                p.optionalInt("ParallelizationFactor", 1, 10),
                p.optionalBoolean("BisectBatchOnFunctionError"),
                p.optionalInt("MaximumRetryAttempts", -1, 10_000),
                recordAge,
                p.optionalInt("TumblingWindowInSeconds", 0, 900),
                functionResponseTypes(p),
                destinationConfig(p),
                filterCriteria(p),
                p.optionalBoolean("Adopt").orElse(false));
    }

    /**
     * The stream and function named in {@code p}, without validating anything else (for the Delete of a
     * failed Create), or empty when they are missing or not valid.
     */
    static Optional<ConnectorProperties> leniently(ResourceProperties p) {
        try {
            return Optional.of(from(p));
        } catch (InvalidPropertyException e) {
            return Optional.empty();
        }
    }

    /** The region of the mapping named in {@code p}, without validating anything else (for Delete). */
    static Optional<Region> regionLeniently(ResourceProperties p) {
        try {
            Optional<Region> region = functionRegion(p);
            if (region.isPresent()) {
                return region;
            }
            Matcher function = FUNCTION.matcher(p.optionalString("FunctionName").orElse(""));
            return function.matches() && function.group(1) != null
                    ? Optional.of(Region.of(function.group(1)))
                    : Optional.empty();
        } catch (InvalidPropertyException e) {
            return Optional.empty();
        }
    }

    private static Optional<Region> functionRegion(ResourceProperties p) {
        Optional<String> text = p.optionalString("FunctionRegion");
        if (text.isPresent() && !REGION.matcher(text.get()).matches()) {
            throw new InvalidPropertyException(
                    "FunctionRegion", "must be a region code such as eu-west-3; use {\"Ref\": \"AWS::Region\"}");
        }
        return text.map(Region::of);
    }

    private static EventSourcePosition startingPosition(ResourceProperties p) {
        Optional<String> text = p.optionalString("StartingPosition");
        if (text.isEmpty()) {
            return EventSourcePosition.TRIM_HORIZON;
        }
        return switch (text.get()) {
            case "TRIM_HORIZON" -> EventSourcePosition.TRIM_HORIZON;
            case "LATEST" -> EventSourcePosition.LATEST;
            case "AT_TIMESTAMP" -> EventSourcePosition.AT_TIMESTAMP;
            default ->
                throw new InvalidPropertyException(
                        "StartingPosition", "must be TRIM_HORIZON (the default), LATEST or AT_TIMESTAMP");
        };
    }

    private static Optional<Instant> startingPositionTimestamp(ResourceProperties p) {
        Optional<String> text = p.optionalString("StartingPositionTimestamp");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.get()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(text.get())));
            } catch (NumberFormatException notEpoch) {
                throw new InvalidPropertyException(
                        "StartingPositionTimestamp",
                        "must be an ISO-8601 instant (2026-01-31T12:00:00Z) or epoch seconds");
            }
        }
    }

    private static Optional<List<FunctionResponseType>> functionResponseTypes(ResourceProperties p) {
        return p.optionalStringList("FunctionResponseTypes").map(items -> {
            List<FunctionResponseType> types = new ArrayList<>();
            for (String item : items) {
                FunctionResponseType type = FunctionResponseType.fromValue(item);
                if (type == null || type == FunctionResponseType.UNKNOWN_TO_SDK_VERSION) {
                    throw new InvalidPropertyException(
                            "FunctionResponseTypes", "may contain only ReportBatchItemFailures");
                }
                types.add(type);
            }
            return types;
        });
    }

    private static Optional<DestinationConfig> destinationConfig(ResourceProperties p) {
        return p.optionalObject("DestinationConfig").map(config -> {
            for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("OnFailure")) {
                    throw new InvalidPropertyException(
                            "DestinationConfig." + field, "unknown; stream mappings support only OnFailure");
                }
            }
            JsonNode onFailure = config.get("OnFailure");
            JsonNode destination = onFailure == null ? null : onFailure.get("Destination");
            if (destination == null
                    || !destination.isTextual()
                    || !destination.asText().startsWith("arn:")) {
                throw new InvalidPropertyException(
                        "DestinationConfig.OnFailure.Destination",
                        "is required: the ARN of an SQS queue, SNS topic or S3 bucket for failed batches");
            }
            return DestinationConfig.builder()
                    .onFailure(OnFailure.builder()
                            .destination(destination.asText())
                            .build())
                    .build();
        });
    }

    private static Optional<FilterCriteria> filterCriteria(ResourceProperties p) {
        return p.optionalObject("FilterCriteria").map(criteria -> {
            JsonNode filters = criteria.get("Filters");
            if (filters == null || !filters.isArray() || criteria.size() != 1) {
                throw new InvalidPropertyException(
                        "FilterCriteria", "must be {\"Filters\": [{\"Pattern\": ...}, ...]}");
            }
            List<Filter> result = new ArrayList<>();
            int index = 0;
            for (JsonNode filter : filters) {
                JsonNode pattern = filter.isObject() ? filter.get("Pattern") : null;
                String property = "FilterCriteria.Filters[" + index++ + "].Pattern";
                if (pattern == null || pattern.isNull()) {
                    throw new InvalidPropertyException(property, "is required");
                }
                // A pattern may be written inline as an object; Lambda wants it as a JSON string.
                String text = pattern.isTextual() ? pattern.asText() : pattern.toString();
                if (!(pattern.isTextual() || pattern instanceof ObjectNode) || text.isBlank()) {
                    throw new InvalidPropertyException(property, "must be a JSON object or its text");
                }
                result.add(Filter.builder().pattern(text).build());
            }
            return FilterCriteria.builder().filters(result).build();
        });
    }
}

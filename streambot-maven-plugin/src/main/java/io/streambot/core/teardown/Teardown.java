package io.streambot.core.teardown;

import io.streambot.core.Events;
import io.streambot.core.service.DeployedFunction;
import io.streambot.core.service.StackFunctions;
import io.streambot.core.stack.Polling;
import io.streambot.core.stack.StackEventStream;
import io.streambot.core.stack.Stacks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Export;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Removes a deployed service and only what it created:
 *
 * <ol>
 *   <li>reads the stack; refuses (before any delete) a stack with termination protection, and a stack
 *       whose exports other stacks import (ListExports, ListImports), naming those stacks;
 *   <li>finds its functions (ListStackResources), the config records put-env wrote for them (a record
 *       written by anyone else, such as {@code Custom::StreambotEnv}, is left), and the code objects under
 *       the service's prefix that no other stack's parameters name;
 *   <li>on a dry run lists all that and stops;
 *   <li>deletes the stack, streaming its events until it is gone ({@code DELETE_FAILED}: the first
 *       failure's reason, and nothing else is deleted), then the records (conditionally: unchanged since
 *       read, still put-env's) and the code objects.
 * </ol>
 */
public final class Teardown {
    private final CloudFormationClient cloudFormation;
    private final Supplier<DynamoDbClient> dynamoDb;
    private final Supplier<S3Client> s3;
    private final Events events;
    private final Polling polling;

    public Teardown(
            CloudFormationClient cloudFormation,
            Supplier<DynamoDbClient> dynamoDb,
            Supplier<S3Client> s3,
            Events events,
            Polling polling) {
        this.cloudFormation = cloudFormation;
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.events = events;
        this.polling = polling;
    }

    /**
     * @throws TeardownRefusedException termination protection, or other stacks import the stack's exports
     * @throws TeardownFailedException the stack ended in {@code DELETE_FAILED}
     * @throws io.streambot.core.aws.AwsCallException a DynamoDB or S3 call failed
     */
    public TeardownResult run(TeardownRequest request) {
        request.validate();
        polling.begin();
        String name = request.stackName();
        Stack stack = describe(name);
        List<DeployedFunction> functions = List.of();
        if (stack == null) {
            events.info("Stack " + name + " does not exist (already deleted?): nothing to delete there");
        } else {
            refuseIfProtected(stack);
            refuseIfImported(stack);
            functions = StackFunctions.of(cloudFormation, stack.stackId());
        }
        List<String> left = new ArrayList<>();
        PutEnvRecords putEnv =
                request.deleteConfig() ? new PutEnvRecords(dynamoDb.get(), request.envTable(), events) : null;
        Map<String, Long> records = putEnv == null
                ? Map.of()
                : putEnv.owned(
                        functions.stream().map(DeployedFunction::physicalId).toList(), left);
        ServiceCode code =
                request.deleteCode() ? new ServiceCode(s3.get(), request.bucket(), request.codePrefix(), events) : null;
        List<String> objects = code == null ? List.of() : unsharedObjects(code, request, stack, left);
        if (!request.deleteConfig()) {
            left.add("config records of the stack's functions: kept (-Dstreambot.teardown.config=false)");
        }
        if (!request.deleteCode()) {
            left.add("code objects under " + request.codePrefix() + ": kept (-Dstreambot.teardown.code=false)");
        }

        if (request.dryRun()) {
            events.info("Dry run: teardown of " + name + " would delete:");
            if (stack != null) {
                events.info("  stack " + name + " (" + stack.stackStatusAsString() + ", functions: "
                        + String.join(
                                ", ",
                                functions.stream()
                                        .map(DeployedFunction::logicalId)
                                        .toList()) + ")");
            }
            records.keySet().forEach(r -> events.info("  config record '" + r + "' in table " + request.envTable()));
            objects.forEach(o -> events.info("  s3://" + request.bucket() + "/" + o));
            left.forEach(l -> events.info("  left: " + l));
            return new TeardownResult(true, false, List.copyOf(records.keySet()), objects, left);
        }

        boolean stackDeleted = false;
        if (stack != null) {
            deleteStack(stack);
            stackDeleted = true;
        }
        List<String> deletedRecords = putEnv == null ? List.of() : putEnv.delete(records, left);
        List<String> deletedObjects = code == null ? List.of() : code.delete(objects);
        left.forEach(l -> events.info("Left: " + l));
        events.info("Teardown of " + name + ": " + (stackDeleted ? "stack deleted, " : "no stack, ")
                + deletedRecords.size() + " config record" + (deletedRecords.size() == 1 ? "" : "s") + " and "
                + deletedObjects.size() + " code object" + (deletedObjects.size() == 1 ? "" : "s") + " deleted");
        return new TeardownResult(false, stackDeleted, deletedRecords, deletedObjects, left);
    }

    private void refuseIfProtected(Stack stack) {
        if (Boolean.TRUE.equals(stack.enableTerminationProtection())) {
            throw new TeardownRefusedException("Stack " + stack.stackName() + " has termination protection, so"
                    + " teardown deleted nothing. If it really must go, turn the protection off first: `mvn"
                    + " streambot:deploy-stack -Dstreambot.terminationProtection=false` (or `aws cloudformation"
                    + " update-termination-protection --no-enable-termination-protection --stack-name "
                    + stack.stackName() + "`), then run teardown again");
        }
    }

    /** Refuses when another stack imports one of the stack's exports: deleting it would fail or break them. */
    private void refuseIfImported(Stack stack) {
        Map<String, List<String>> importers = new LinkedHashMap<>();
        for (Export export :
                polling.read(() -> cloudFormation.listExportsPaginator(b -> {})).exports()) {
            if (!stack.stackId().equals(export.exportingStackId())) {
                continue;
            }
            List<String> stacks = new ArrayList<>();
            try {
                polling.read(() -> cloudFormation.listImportsPaginator(b -> b.exportName(export.name())))
                        .imports()
                        .forEach(stacks::add);
            } catch (AwsServiceException e) {
                String message =
                        e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorMessage();
                if (message == null || !message.contains("not imported")) {
                    throw e;
                }
            }
            if (!stacks.isEmpty()) {
                importers.put(export.name(), stacks);
            }
        }
        if (!importers.isEmpty()) {
            StringBuilder m = new StringBuilder("Stack ")
                    .append(stack.stackName())
                    .append(" is still used, so teardown deleted nothing: ");
            List<String> parts = new ArrayList<>();
            importers.forEach(
                    (export, stacks) -> parts.add("export " + export + " is imported by " + String.join(", ", stacks)));
            m.append(String.join("; ", parts))
                    .append(". Tear those stacks down first (mvn streambot:teardown in their projects)");
            throw new TeardownRefusedException(m.toString());
        }
    }

    /** The code objects under the service's prefix that no other stack's parameters name. */
    private List<String> unsharedObjects(ServiceCode code, TeardownRequest request, Stack stack, List<String> left) {
        List<String> keys = new ArrayList<>(code.keys(left));
        if (keys.isEmpty()) {
            return keys;
        }
        Map<String, String> usedBy = new LinkedHashMap<>();
        String self = stack == null ? null : stack.stackId();
        for (Stack other : polling.read(() -> cloudFormation.describeStacksPaginator(b -> {}))
                .stacks()) {
            if (Objects.equals(other.stackId(), self) || other.stackStatus() == StackStatus.DELETE_COMPLETE) {
                continue;
            }
            other.parameters().forEach(p -> {
                if (p.parameterValue() != null && keys.contains(p.parameterValue())) {
                    usedBy.putIfAbsent(p.parameterValue(), other.stackName());
                }
            });
        }
        usedBy.forEach((key, other) -> left.add("s3://" + request.bucket() + "/" + key + ": used by stack " + other));
        keys.removeAll(usedBy.keySet());
        return keys;
    }

    private void deleteStack(Stack stack) {
        StackEventStream stream = StackEventStream.startingNow(cloudFormation, stack.stackId(), polling);
        events.info("Deleting stack " + stack.stackName());
        cloudFormation.deleteStack(b -> b.stackName(stack.stackId()));
        while (true) {
            Stack now = describe(stack.stackId());
            for (StackEvent e : stream.poll()) {
                events.info(StackEventStream.format(e));
            }
            if (now == null || now.stackStatus() == StackStatus.DELETE_COMPLETE) {
                events.info("Stack " + stack.stackName() + " deleted");
                return;
            }
            if (now.stackStatus() == StackStatus.DELETE_FAILED) {
                Optional<StackEvent> first = stream.firstFailure();
                throw new TeardownFailedException("Stack " + stack.stackName() + " could not be deleted: DELETE_FAILED"
                        + first.map(e -> "; first failure: " + StackEventStream.describe(e))
                                .orElse(now.stackStatusReason() == null ? "" : " (" + now.stackStatusReason() + ")")
                        + ". Its config records and code were kept; fix the cause (or delete the resource by"
                        + " hand), then run teardown again");
            }
            if (polling.pastDeadline()) {
                throw new TeardownFailedException("Stack " + stack.stackName() + " is still "
                        + now.stackStatusAsString() + " after " + polling.timeout() + ": CloudFormation goes on;"
                        + " run teardown again once it has settled (raise <timeout> with -Dstreambot.timeout)");
            }
            polling.pause();
        }
    }

    private Stack describe(String stack) {
        return Stacks.describeOrNull(cloudFormation, polling, stack);
    }
}

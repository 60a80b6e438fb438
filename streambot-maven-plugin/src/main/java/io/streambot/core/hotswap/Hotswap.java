package io.streambot.core.hotswap;

import com.fasterxml.jackson.databind.JsonNode;
import io.streambot.core.Events;
import io.streambot.core.aws.AwsErrors;
import io.streambot.core.service.DeployedFunction;
import io.streambot.core.service.StackFunctions;
import io.streambot.core.stack.DeployRequest;
import io.streambot.core.stack.Polling;
import io.streambot.core.stack.StackOutputs;
import io.streambot.core.stack.StackTemplate;
import io.streambot.core.stack.Stacks;
import io.streambot.core.stack.TemplateParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;

/**
 * Puts new code live without CloudFormation when that is all that changed:
 *
 * <ol>
 *   <li>reads the stack (one DescribeStacks) and refuses a stack with termination protection unless
 *       forced;
 *   <li>compares everything but the code parameters ({@code CodeKey}, {@code CodeVersion}) with the
 *       deployed stack: parameters, tags, notification ARNs, role, template (GetTemplate); any
 *       difference means a change-set deploy, and the first difference found is the reason given;
 *   <li>takes the template's functions whose {@code Code.S3Key} is {@code Ref CodeKey}, their names
 *       from the stack (ListStackResources) and their deployed {@code CodeSha256} (GetFunctionConfiguration);
 *       a function already running the bundle is skipped, so a hotswap never redeploys what is live;
 *   <li>sends UpdateFunctionCode for each function that differs (one write per function, all sent
 *       before waiting), then waits until each reports {@code LastUpdateStatus} {@code Successful}.
 * </ol>
 *
 * <p>What this leaves out of sync until the next full deploy: the stack's {@code CodeKey} (and
 * {@code CodeVersion}) parameter still names the code of the last change-set deploy, so CloudFormation's
 * view (and a drift detection) differs from what runs. The next deploy without hotswap sets the
 * parameter to the new key; the function's code property changes in place, nothing is replaced.
 */
public final class Hotswap {
    /** What an attempt did. */
    public enum Outcome {
        /** Code was put live (or every function already ran it). */
        SWAPPED,
        /** Only printed what would be swapped. */
        DRY_RUN,
        /** Something other than code differs: a change-set deploy must do it; see {@link Result#fallbackReason()}. */
        FALLBACK
    }

    /** One function whose code was updated (or that already ran the bundle). */
    public record Swap(DeployedFunction function, String previousSha256, boolean updated, Duration took) {}

    /**
     * @param fallbackReason the difference that needs a change-set deploy ({@link Outcome#FALLBACK})
     * @param stack the stack as it is (null on a fallback)
     */
    public record Result(Outcome outcome, String fallbackReason, List<Swap> swaps, Duration took, StackOutputs stack) {
        static Result fallback(String reason) {
            return new Result(Outcome.FALLBACK, reason, List.of(), Duration.ZERO, null);
        }

        /** Whether the deployment is done (no change-set deploy needed). */
        public boolean done() {
            return outcome != Outcome.FALLBACK;
        }

        public long updatedCount() {
            return swaps.stream().filter(Swap::updated).count();
        }
    }

    private static final Set<StackStatus> STABLE = EnumSet.of(
            StackStatus.CREATE_COMPLETE,
            StackStatus.UPDATE_COMPLETE,
            StackStatus.UPDATE_ROLLBACK_COMPLETE,
            StackStatus.IMPORT_COMPLETE,
            StackStatus.IMPORT_ROLLBACK_COMPLETE);
    private static final Set<String> CODE_PARAMETERS =
            Set.of(TemplateParameters.CODE_KEY, TemplateParameters.CODE_VERSION);

    private final CloudFormationClient cloudFormation;
    private final LambdaClient lambda;
    private final Events events;
    private final Polling polling;

    /**
     * @param polling how to wait for Lambda's updates (an interval of a second or less suits them)
     */
    public Hotswap(CloudFormationClient cloudFormation, LambdaClient lambda, Events events, Polling polling) {
        this.cloudFormation = cloudFormation;
        this.lambda = lambda;
        this.events = events;
        this.polling = polling;
    }

    /**
     * Hotswaps the code when nothing else changed.
     *
     * @param code the uploaded bundle, or null when upload has not run
     * @param force hotswap also a stack with termination protection
     * @throws HotswapRefusedException the stack has termination protection and {@code force} is false
     * @throws HotswapFailedException Lambda could not apply the code
     * @throws io.streambot.core.aws.AwsCallException a Lambda call failed
     */
    public Result attempt(DeployRequest request, BundleCode code, boolean force) {
        request.validate();
        polling.begin();
        Instant start = polling.now();
        String name = request.stackName();
        if (code == null) {
            return fallback("no uploaded code to swap in (run streambot:upload first: mvn deploy does)");
        }
        Stack stack = describe(name);
        if (stack == null) {
            return fallback("stack " + name + " does not exist yet");
        }
        if (!STABLE.contains(stack.stackStatus())) {
            return fallback("stack " + name + " is " + stack.stackStatusAsString());
        }
        if (Boolean.TRUE.equals(stack.enableTerminationProtection()) && !force) {
            throw new HotswapRefusedException("Hotswap refused: stack " + name + " has termination protection (a"
                    + " production stack), and a hotswap changes its functions behind CloudFormation's back. Deploy"
                    + " it without -Dstreambot.hotswap (a change-set deploy), or add -Dstreambot.hotswap.force=true"
                    + " if you mean it");
        }
        String difference = difference(stack, request, code);
        if (difference != null) {
            return fallback(difference);
        }
        List<DeployedFunction> functions = functionsTakingTheCode(request.template(), stack);
        if (functions == null) {
            return fallback("no AWS::Lambda::Function of " + request.template().name() + " takes its code from "
                    + TemplateParameters.CODE_KEY + " (Code: {S3Bucket: !Ref CodeBucket, S3Key: !Ref CodeKey})");
        }
        List<DeployedFunction> missing =
                functions.stream().filter(f -> f.physicalId() == null).toList();
        if (!missing.isEmpty()) {
            return fallback("function " + missing.get(0).logicalId() + " is not deployed yet");
        }

        Map<DeployedFunction, GetFunctionConfigurationResponse> deployed = new LinkedHashMap<>();
        Map<DeployedFunction, String> deployedSha = new LinkedHashMap<>();
        for (DeployedFunction f : functions) {
            deployed.put(f, configuration(f));
            deployedSha.put(f, deployed.get(f).codeSha256());
        }
        List<DeployedFunction> stale = functions.stream()
                .filter(f -> !code.sha256Base64().equals(deployedSha.get(f)))
                .toList();
        if (request.dryRun()) {
            if (stale.isEmpty()) {
                events.info("Dry run: hotswap of stack " + name + " has nothing to do: every function runs "
                        + code.location().key());
            }
            stale.forEach(f -> events.info(
                    "Dry run: hotswap would update the code of " + f.logicalId() + " (" + f.physicalId() + ") to s3://"
                            + code.location().bucket() + "/" + code.location().key()));
            return new Result(Outcome.DRY_RUN, null, List.of(), Duration.ZERO, StackOutputs.of(stack));
        }

        List<Swap> swaps = new ArrayList<>();
        Map<DeployedFunction, Instant> sent = new LinkedHashMap<>();
        for (DeployedFunction f : functions) {
            if (!stale.contains(f)) {
                events.info("Hotswap: " + f.logicalId() + " (" + f.physicalId() + ") already runs this code");
                swaps.add(new Swap(f, deployedSha.get(f), false, Duration.ZERO));
            }
        }
        for (DeployedFunction f : stale) {
            sent.put(f, polling.now());
            updateCode(f, code, deployed.get(f).lastUpdateStatus());
        }
        for (DeployedFunction f : stale) {
            awaitUpdate(f);
            Duration took = Duration.between(sent.get(f), polling.now());
            events.info("Hotswapped " + f.logicalId() + " (" + f.physicalId() + ") to "
                    + code.location().key() + " in " + seconds(took));
            swaps.add(new Swap(f, deployedSha.get(f), true, took));
        }
        Duration took = Duration.between(start, polling.now());
        events.info("Hotswap of stack " + name + ": " + stale.size() + " function" + (stale.size() == 1 ? "" : "s")
                + " updated, " + (functions.size() - stale.size()) + " already current, in " + seconds(took)
                + " (without CloudFormation)");
        if (!stale.isEmpty()) {
            events.info("Stack " + name + " still records the previous " + TemplateParameters.CODE_KEY
                    + "; the next deploy-stack without hotswap records "
                    + code.location().key()
                    + " (no replacement)");
        }
        return new Result(Outcome.SWAPPED, null, List.copyOf(swaps), took, StackOutputs.of(stack));
    }

    private Result fallback(String reason) {
        events.info("Hotswap not possible: " + reason + "; deploying through a change set");
        return Result.fallback(reason);
    }

    /** The first difference other than the code between the request and the deployed stack, or null. */
    private String difference(Stack stack, DeployRequest request, BundleCode code) {
        StackTemplate template = request.template();
        Set<String> previous = new HashSet<>();
        Map<String, String> deployed = new HashMap<>();
        stack.parameters().forEach(p -> {
            previous.add(p.parameterKey());
            deployed.put(p.parameterKey(), p.parameterValue());
        });
        if (!template.parameters().containsKey(TemplateParameters.CODE_KEY)) {
            return "template " + template.name() + " declares no " + TemplateParameters.CODE_KEY + " parameter";
        }
        Map<String, String> primaryOutputs = primaryOutputs(request);
        if (primaryOutputs == null) {
            return "the primary stack " + request.primaryStackName() + " does not give every streambot parameter";
        }
        TemplateParameters.Resolved resolved;
        try {
            resolved = TemplateParameters.resolve(
                    template, request.parameters(), code.location(), primaryOutputs, previous);
        } catch (RuntimeException e) {
            return "the parameters do not resolve (" + e.getMessage() + ")";
        }
        for (Map.Entry<String, String> p : resolved.values().entrySet()) {
            String key = p.getKey();
            if (CODE_PARAMETERS.contains(key)) {
                continue;
            }
            if (template.parameters().get(key).noEcho()) {
                return "parameter " + key + " is NoEcho, so it cannot be compared";
            }
            if (!Objects.equals(deployed.get(key), p.getValue())) {
                return "parameter " + key + " changes (" + deployed.get(key) + " -> " + p.getValue() + ")";
            }
        }
        if (!template.parameters().containsKey(TemplateParameters.CODE_VERSION)
                && deployed.containsKey(TemplateParameters.CODE_VERSION)) {
            return "the deployed stack has a " + TemplateParameters.CODE_VERSION + " parameter the template drops";
        }
        if (!request.tags().isEmpty()) {
            Map<String, String> tags = new HashMap<>();
            stack.tags().forEach(t -> tags.put(t.key(), t.value()));
            if (!tags.equals(request.tags())) {
                return "the stack's tags change";
            }
        }
        if (!request.notificationArns().isEmpty()
                && !new HashSet<>(stack.notificationARNs()).equals(new HashSet<>(request.notificationArns()))) {
            return "the notification ARNs change";
        }
        if (request.roleArn() != null && !request.roleArn().equals(stack.roleARN())) {
            return "the role ARN changes";
        }
        if (request.terminationProtection() != null
                && !request.terminationProtection().equals(stack.enableTerminationProtection())) {
            return "termination protection changes";
        }
        String body = polling.read(() -> cloudFormation.getTemplate(
                        b -> b.stackName(stack.stackId()).templateStage(TemplateStage.ORIGINAL)))
                .templateBody();
        if (!template.sameAs(body)) {
            return "the template changes";
        }
        return null;
    }

    /** The primary stack's outputs when the template needs some, empty when it needs none, null when missing. */
    private Map<String, String> primaryOutputs(DeployRequest request) {
        Set<String> needed = TemplateParameters.neededFromPrimaryStack(request.template(), request.parameters());
        if (needed.isEmpty()) {
            return Map.of();
        }
        Map<String, String> outputs = request.primaryOutputs();
        if (outputs == null) {
            Stack primary = describe(request.primaryStackName());
            outputs = primary == null ? Map.of() : StackOutputs.of(primary).outputs();
        }
        for (String parameter : needed) {
            if (TemplateParameters.fromPrimaryOutputs(parameter, outputs) == null) {
                return null;
            }
        }
        return outputs;
    }

    /**
     * The template's functions whose code is the {@code CodeKey} parameter, with their deployed names
     * (null where not deployed); null when there is none.
     */
    private List<DeployedFunction> functionsTakingTheCode(StackTemplate template, Stack stack) {
        List<String> logicalIds = new ArrayList<>();
        for (StackTemplate.Resource r : template.resources().values()) {
            if (StackFunctions.FUNCTION_TYPE.equals(r.type())
                    && refersTo(r.properties().path("Code").path("S3Key"))) {
                logicalIds.add(r.logicalId());
            }
        }
        if (logicalIds.isEmpty()) {
            return null;
        }
        Map<String, String> physical = new HashMap<>();
        StackFunctions.of(cloudFormation, stack.stackId()).forEach(f -> physical.put(f.logicalId(), f.physicalId()));
        return logicalIds.stream()
                .map(id -> new DeployedFunction(id, physical.get(id)))
                .toList();
    }

    /** {@code {"Ref": "CodeKey"}}, or YAML's {@code !Ref CodeKey} (read leniently as the plain text). */
    private static boolean refersTo(JsonNode s3Key) {
        return TemplateParameters.CODE_KEY.equals(s3Key.path("Ref").asText(null))
                || (s3Key.isTextual() && TemplateParameters.CODE_KEY.equals(s3Key.asText()));
    }

    private GetFunctionConfigurationResponse configuration(DeployedFunction f) {
        try {
            return polling.read(() -> lambda.getFunctionConfiguration(b -> b.functionName(f.physicalId())));
        } catch (SdkException e) {
            throw AwsErrors.translate("read the configuration of function " + f.logicalId(), f.physicalId(), e);
        }
    }

    private void updateCode(DeployedFunction f, BundleCode code, LastUpdateStatus before) {
        if (before == LastUpdateStatus.IN_PROGRESS) {
            // Lambda refuses an update while another is in progress (ResourceConflictException).
            awaitUpdate(f);
        }
        try {
            lambda.updateFunctionCode(b -> b.functionName(f.physicalId())
                    .s3Bucket(code.location().bucket())
                    .s3Key(code.location().key())
                    .s3ObjectVersion(code.location().version()));
        } catch (SdkException e) {
            throw AwsErrors.translate("update the code of function " + f.logicalId(), f.physicalId(), e);
        }
    }

    /** Waits until the function's last update is done; fails when it failed. */
    private void awaitUpdate(DeployedFunction f) {
        while (true) {
            GetFunctionConfigurationResponse c = configuration(f);
            LastUpdateStatus status = c.lastUpdateStatus();
            if (status == null || status == LastUpdateStatus.SUCCESSFUL) {
                return;
            }
            if (status == LastUpdateStatus.FAILED) {
                throw new HotswapFailedException("Lambda could not update the code of " + f.logicalId() + " ("
                        + f.physicalId() + "): " + c.lastUpdateStatusReasonCodeAsString() + ": "
                        + c.lastUpdateStatusReason());
            }
            if (polling.pastDeadline()) {
                throw new HotswapFailedException("The code update of " + f.logicalId() + " (" + f.physicalId()
                        + ") is still " + c.lastUpdateStatusAsString() + " after " + polling.timeout()
                        + ": raise <timeout> (-Dstreambot.timeout) or look at the function in the console");
            }
            polling.pause();
        }
    }

    private Stack describe(String stack) {
        return Stacks.describeOrNull(cloudFormation, polling, stack);
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}

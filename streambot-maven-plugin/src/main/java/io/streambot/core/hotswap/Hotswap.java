package io.streambot.core.hotswap;

import io.streambot.core.Events;
import io.streambot.core.aws.AwsErrors;
import io.streambot.core.service.DeployedFunction;
import io.streambot.core.service.StackFunctions;
import io.streambot.core.stack.CodeLocation;
import io.streambot.core.stack.DeployRequest;
import io.streambot.core.stack.FunctionBindings;
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
import java.util.LinkedHashSet;
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
 *   <li>compares everything but the code parameters of the build's bundles ({@code CodeKey},
 *       {@code CodeVersion}, and {@code CodeKey<Stem>}, {@code CodeVersion<Stem>} of the other reactor
 *       modules' bundles) with the deployed stack: parameters, tags, notification ARNs, role, template
 *       (GetTemplate); any difference means a change-set deploy, and the first difference found is the
 *       reason given;
 *   <li>takes the template's functions bound to a bundle of the build ({@link FunctionBindings}: the
 *       module's own, {@code Ref CodeKey}, or another module's, {@code Ref CodeKey<Stem>}), their names
 *       from the stack (ListStackResources) and their deployed {@code CodeSha256} (GetFunctionConfiguration);
 *       a function already running its bundle is skipped, so a hotswap never redeploys what is live;
 *   <li>sends UpdateFunctionCode for each function that differs (one write per function, all sent
 *       before waiting), then waits until each reports {@code LastUpdateStatus} {@code Successful}.
 * </ol>
 *
 * <p>Each function gets its own bundle: in a stack whose functions run the bundles of several reactor
 * modules, only the functions of the bundles that changed are updated. What this leaves out of sync until
 * the next full deploy: the stack's {@code CodeKey[<Stem>]} (and {@code CodeVersion[<Stem>]}) parameter
 * still names the code of the last change-set deploy, so CloudFormation's
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

    /** A deployed function and the bundle of the build it is bound to. */
    private record Bound(DeployedFunction function, String stem, BundleCode code) {}

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
        Map<String, String> stemOfFunction = boundFunctions(request.template());
        Map<String, BundleCode> bundles = new LinkedHashMap<>();
        for (String stem : new LinkedHashSet<>(stemOfFunction.values())) {
            BundleCode bundle = stem.isEmpty() ? code : otherModulesBundle(request, stem);
            if (bundle == null) {
                return fallback(
                        stem.isEmpty()
                                ? "no uploaded code to swap in (run streambot:upload first: mvn deploy does)"
                                : "the digest of the bundle in " + TemplateParameters.CODE_KEY + stem
                                        + " is unknown (its"
                                        + " key is not content-addressed, or the parameter has no value)");
            }
            bundles.put(stem, bundle);
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
        if (stemOfFunction.isEmpty()) {
            return fallback("no AWS::Lambda::Function of " + request.template().name() + " takes its code from a"
                    + " bundle of this build (Code: {S3Bucket: !Ref CodeBucket, S3Key: !Ref CodeKey}, or"
                    + " CodeBucket<Stem>/CodeKey<Stem> for another reactor module's)");
        }
        String difference = difference(stack, request, code, bundles.keySet());
        if (difference != null) {
            return fallback(difference);
        }
        List<Bound> functions = deployedFunctions(stemOfFunction, bundles, stack);
        List<Bound> missing = functions.stream()
                .filter(f -> f.function().physicalId() == null)
                .toList();
        if (!missing.isEmpty()) {
            return fallback("function " + missing.get(0).function().logicalId() + " is not deployed yet");
        }

        Map<Bound, GetFunctionConfigurationResponse> deployed = new LinkedHashMap<>();
        for (Bound f : functions) {
            deployed.put(f, configuration(f.function()));
        }
        List<Bound> stale = functions.stream()
                .filter(f -> !f.code().sha256Base64().equals(deployed.get(f).codeSha256()))
                .toList();
        if (request.dryRun()) {
            if (stale.isEmpty()) {
                events.info("Dry run: hotswap of stack " + name + " has nothing to do: every function runs its"
                        + " bundle");
            }
            stale.forEach(f -> events.info(
                    "Dry run: hotswap would update the code of " + f.function().logicalId()
                            + " (" + f.function().physicalId() + ") to s3://"
                            + f.code().location().bucket() + "/"
                            + f.code().location().key()));
            return new Result(Outcome.DRY_RUN, null, List.of(), Duration.ZERO, StackOutputs.of(stack));
        }

        List<Swap> swaps = new ArrayList<>();
        Map<Bound, Instant> sent = new LinkedHashMap<>();
        for (Bound f : functions) {
            if (!stale.contains(f)) {
                events.info("Hotswap: " + f.function().logicalId() + " ("
                        + f.function().physicalId() + ") already runs this code");
                swaps.add(new Swap(f.function(), deployed.get(f).codeSha256(), false, Duration.ZERO));
            }
        }
        for (Bound f : stale) {
            sent.put(f, polling.now());
            updateCode(f.function(), f.code(), deployed.get(f).lastUpdateStatus());
        }
        for (Bound f : stale) {
            awaitUpdate(f.function());
            Duration took = Duration.between(sent.get(f), polling.now());
            events.info("Hotswapped " + f.function().logicalId() + " ("
                    + f.function().physicalId() + ") to " + f.code().location().key() + " in " + seconds(took));
            swaps.add(new Swap(f.function(), deployed.get(f).codeSha256(), true, took));
        }
        Duration took = Duration.between(start, polling.now());
        events.info("Hotswap of stack " + name + ": " + stale.size() + " function" + (stale.size() == 1 ? "" : "s")
                + " updated, " + (functions.size() - stale.size()) + " already current, in " + seconds(took)
                + " (without CloudFormation)");
        Map<String, String> recorded = new LinkedHashMap<>();
        stale.forEach(f -> recorded.put(
                TemplateParameters.CODE_KEY + f.stem(), f.code().location().key()));
        recorded.forEach((parameter, key) -> events.info("Stack " + name + " still records the previous " + parameter
                + "; the next deploy-stack without hotswap records " + key + " (no replacement)"));
        return new Result(Outcome.SWAPPED, null, List.copyOf(swaps), took, StackOutputs.of(stack));
    }

    /**
     * The template's AWS::Lambda::Functions bound to a bundle of the build, each with its bundle's stem
     * ({@code ""} for the module's own), in template order.
     */
    private static Map<String, String> boundFunctions(StackTemplate template) {
        Map<String, String> result = new LinkedHashMap<>();
        for (FunctionBindings.Binding b : FunctionBindings.check(template, template.name(), null)) {
            if (b.stem() != null
                    && StackFunctions.FUNCTION_TYPE.equals(
                            template.resources().get(b.logicalId()).type())) {
                result.put(b.logicalId(), b.stem());
            }
        }
        return result;
    }

    /** Another reactor module's bundle as the request's {@code CodeBucket<Stem>}/{@code CodeKey<Stem>} name it. */
    private static BundleCode otherModulesBundle(DeployRequest request, String stem) {
        Map<String, String> p = request.parameters();
        return BundleCode.of(
                CodeLocation.of(
                        p.get(TemplateParameters.CODE_BUCKET + stem),
                        p.get(TemplateParameters.CODE_KEY + stem),
                        p.get(TemplateParameters.CODE_VERSION + stem)),
                null);
    }

    private Result fallback(String reason) {
        events.info("Hotswap not possible: " + reason + "; deploying through a change set");
        return Result.fallback(reason);
    }

    /** The first difference other than the code between the request and the deployed stack, or null. */
    private String difference(Stack stack, DeployRequest request, BundleCode code, Set<String> stems) {
        StackTemplate template = request.template();
        Set<String> previous = new HashSet<>();
        Map<String, String> deployed = new HashMap<>();
        stack.parameters().forEach(p -> {
            previous.add(p.parameterKey());
            deployed.put(p.parameterKey(), p.parameterValue());
        });
        Set<String> codeParameters = new HashSet<>();
        for (String stem : stems) {
            codeParameters.add(TemplateParameters.CODE_KEY + stem);
            codeParameters.add(TemplateParameters.CODE_VERSION + stem);
        }
        Map<String, String> primaryOutputs = primaryOutputs(request);
        if (primaryOutputs == null) {
            return "the primary stack " + request.primaryStackName() + " does not give every streambot parameter";
        }
        TemplateParameters.Resolved resolved;
        try {
            resolved = TemplateParameters.resolve(
                    template, request.parameters(), code == null ? null : code.location(), primaryOutputs, previous);
        } catch (RuntimeException e) {
            return "the parameters do not resolve (" + e.getMessage() + ")";
        }
        for (Map.Entry<String, String> p : resolved.values().entrySet()) {
            String key = p.getKey();
            if (codeParameters.contains(key)) {
                continue;
            }
            if (template.parameters().get(key).noEcho()) {
                return "parameter " + key + " is NoEcho, so it cannot be compared";
            }
            if (!Objects.equals(deployed.get(key), p.getValue())) {
                return "parameter " + key + " changes (" + deployed.get(key) + " -> " + p.getValue() + ")";
            }
        }
        for (String stem : stems) {
            String version = TemplateParameters.CODE_VERSION + stem;
            if (!template.parameters().containsKey(version) && deployed.containsKey(version)) {
                return "the deployed stack has a " + version + " parameter the template drops";
            }
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

    /** The bound functions with their deployed names (null where not deployed) and their bundles. */
    private List<Bound> deployedFunctions(
            Map<String, String> stemOfFunction, Map<String, BundleCode> bundles, Stack stack) {
        Map<String, String> physical = new HashMap<>();
        StackFunctions.of(cloudFormation, stack.stackId()).forEach(f -> physical.put(f.logicalId(), f.physicalId()));
        List<Bound> result = new ArrayList<>();
        stemOfFunction.forEach((id, stem) ->
                result.add(new Bound(new DeployedFunction(id, physical.get(id)), stem, bundles.get(stem))));
        return result;
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

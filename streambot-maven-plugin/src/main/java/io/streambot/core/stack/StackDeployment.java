package io.streambot.core.stack;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Brings a CloudFormation stack to the state of a template, like the best deployers:
 *
 * <ol>
 *   <li>checks the request and the template's parameters before any call;
 *   <li>reads the stack ({@link DeployableStatus}): a busy stack or one that needs a manual step stops here; a
 *       stack left in {@code ROLLBACK_COMPLETE} by a failed first create is deleted and created again;
 *   <li>fills the automatic parameters (uploaded code, the primary stack's outputs: {@link
 *       StackParameterResolution});
 *   <li>compares template, parameters, tags and code with the deployed stack ({@link UpToDateCheck}): identical
 *       means "up to date" and nothing is written;
 *   <li>creates a change set ({@link ChangeSetCreation}), prints its plan, stops there on a dry run, asks if
 *       configured ({@code reviewPlan});
 *   <li>executes it and streams the stack's events until the stack settles ({@link StackSettling}), then reports
 *       the outputs, or the first failed resource's reason and the final status.
 * </ol>
 *
 * <p>A deploy that stops before executing (dry run, declined, nothing to change, a failed or unreadable
 * change set, a failed call) deletes its change set and, when its CREATE change set made the stack, that
 * empty {@code REVIEW_IN_PROGRESS} stack; a stack that was already in {@code REVIEW_IN_PROGRESS} is not
 * this run's and is left alone ({@link ChangeSetCleanup}). A failed first create is deleted by CloudFormation
 * ({@code OnStackFailure=DELETE}) unless {@code <onFailure>} or {@code <disableRollback>} says otherwise.
 * Every failed call names its operation and the stack. A template uploaded to S3 stays: its key is its
 * SHA-256, so the next deploy of the same template reuses it.
 */
public final class StackDeployment {
    /** What a deployment did. */
    public enum Outcome {
        CREATED,
        UPDATED,
        UP_TO_DATE,
        DRY_RUN,
        CANCELLED
    }

    /** The result: what happened and the stack as it is now (null after a dry run of a new stack). */
    public record Result(Outcome outcome, StackOutputs stack) {}

    private static final Set<StackStatus> SUCCESS =
            EnumSet.of(StackStatus.CREATE_COMPLETE, StackStatus.UPDATE_COMPLETE, StackStatus.IMPORT_COMPLETE);

    private final CfnCalls calls;
    private final Events events;
    private final Polling polling;
    private final Confirmation confirmation;
    private final StackParameterResolution parameterResolution;
    private final UpToDateCheck upToDateCheck;
    private final ChangeSetCreation changeSetCreation;
    private final ChangeSetCleanup cleanup;
    private final StackSettling settling;

    /**
     * @param s3 gives the S3 client only when a template must be uploaded
     */
    public StackDeployment(
            CloudFormationClient cloudFormation,
            Supplier<S3Client> s3,
            Events events,
            Polling polling,
            Confirmation confirmation) {
        this.calls = new CfnCalls(cloudFormation, polling);
        this.events = events;
        this.polling = polling;
        this.confirmation = confirmation;
        this.parameterResolution = new StackParameterResolution(calls, events);
        this.upToDateCheck = new UpToDateCheck(calls, events);
        this.changeSetCreation = new ChangeSetCreation(calls, s3, events);
        this.cleanup = new ChangeSetCleanup(calls, events);
        this.settling = new StackSettling(calls, events);
    }

    /**
     * Deploys the primary streambot stack from {@code primaryTemplate} with the providers' uploaded
     * code, then the service stack of {@code service} with the primary stack's fresh outputs.
     */
    public Result deployWithPrimary(
            PrimaryStackTemplate primaryTemplate, CodeLocation providersCode, DeployRequest service) {
        StackTemplate template = primaryTemplate.load();
        if (template == null) {
            throw new InvalidConfigurationException(
                    "<deployPrimaryStack>",
                    "streambot.primaryStack",
                    "true",
                    "finds no primary template " + PrimaryStackTemplate.RESOURCE + " in the providers' code",
                    "point <providersFile> (-Dstreambot.providers.file) at an io.streambot:streambot-providers"
                            + " lambda zip, or deploy the primary stack separately and remove -Dstreambot.primaryStack");
        }
        if (providersCode == null && declaresCode(template)) {
            throw new InvalidConfigurationException(
                    "<deployPrimaryStack>",
                    "streambot.primaryStack",
                    "true",
                    "needs the providers' code, but the build has no streambot.providers.bucket/key"
                            + " properties and target/streambot/upload.json has no providers entry",
                    "run the upload goal with -Dstreambot.primaryStack=true first (mvn deploy does)");
        }
        DeployRequest primary = DeployRequest.builder(service.primaryStackName(), template)
                .code(providersCode)
                .tags(service.tags())
                .roleArn(service.roleArn())
                .notificationArns(service.notificationArns())
                .terminationProtection(service.terminationProtection())
                .dryRun(service.dryRun())
                .templateBucket(service.templateBucket(), service.templatePrefix())
                .outputDirectory(service.outputDirectory())
                .build();
        service.validate(); // first: it names <primaryStackName>, which is also the primary's <stackName>
        primary.validate();
        events.info("Primary streambot stack " + primary.stackName() + ":");
        Result primaryResult = deploy(primary);
        if (primaryResult.stack() == null) {
            events.info("Dry run: the service stack " + service.stackName()
                    + " is planned once the primary stack exists (its outputs fill the service's parameters)");
            return primaryResult;
        }
        events.info("Service stack " + service.stackName() + ":");
        return deploy(new DeployRequest(
                service.stackName(),
                service.template(),
                service.parameters(),
                service.code(),
                service.primaryStackName(),
                primaryResult.stack().outputs(),
                service.tags(),
                service.capabilities(),
                service.roleArn(),
                service.notificationArns(),
                service.onFailure(),
                service.disableRollback(),
                service.terminationProtection(),
                service.dryRun(),
                service.templateBucket(),
                service.templatePrefix(),
                service.outputDirectory()));
    }

    /**
     * Creates or updates the stack.
     *
     * @throws InvalidConfigurationException the configuration or the template's parameters are wrong
     *     (found before any write)
     * @throws StackFailedException CloudFormation rejected the change or the stack rolled back
     * @throws StackDeploymentException the stack is busy, needs a manual step, or the deadline passed
     * @throws software.amazon.awssdk.core.exception.SdkException a call failed (credentials, network)
     */
    public Result deploy(DeployRequest request) {
        request.validate();
        Set<Capability> capabilities = capabilities(request);
        polling.begin();
        Stack existing = calls.describe(request.stackName());
        boolean recreate = existing != null && DeployableStatus.needsRecreate(existing);
        boolean create = existing == null || recreate || existing.stackStatus() == StackStatus.REVIEW_IN_PROGRESS;
        TemplateParameters.Resolved parameters = parameterResolution.resolve(request, create ? null : existing);
        if (!create && upToDateCheck.upToDate(existing, request, parameters)) {
            events.info("Stack " + request.stackName() + " is up to date");
            applyTerminationProtection(request, existing);
            return finish(Outcome.UP_TO_DATE, calls.describe(existing.stackId()), request);
        }
        if (recreate) {
            if (request.dryRun()) {
                return dryRunOfRecreate(request);
            }
            deleteTheFailedCreate(request, existing);
        }
        // A CREATE change set on a stack that did not exist makes a new (REVIEW_IN_PROGRESS) stack: this run's
        // to delete when the deploy stops before executing. A stack already in REVIEW_IN_PROGRESS is not ours.
        Change change = new Change(request, create, existing, existing == null || recreate);
        CreateChangeSetResponse created = createChangeSet(change, parameters, capabilities);
        if (created == null) {
            applyTerminationProtection(request, existing);
            return finish(Outcome.UP_TO_DATE, existing, request);
        }
        Result stopped = reviewPlan(change, created);
        return stopped != null ? stopped : executeAndWait(change, created);
    }

    /** One deploy's change: the request, create or update, the stack before it, whether a new stack is this run's. */
    private record Change(DeployRequest request, boolean create, Stack existing, boolean stackIsOurs) {
        String name() {
            return request.stackName();
        }

        /** The stack id to delete with the change set when the deploy stops before executing, or null. */
        String ours(CreateChangeSetResponse created) {
            return create && stackIsOurs ? created.stackId() : null;
        }
    }

    private Result dryRunOfRecreate(DeployRequest request) {
        events.info("Dry run: stack " + request.stackName() + " is in ROLLBACK_COMPLETE after a failed first create;"
                + " a deploy deletes it and creates it again with "
                + request.template().resources().size()
                + " resources");
        return new Result(Outcome.DRY_RUN, null);
    }

    private void deleteTheFailedCreate(DeployRequest request, Stack existing) {
        events.warn("Stack " + request.stackName() + " is in ROLLBACK_COMPLETE after a failed first create (reason: "
                + Objects.toString(existing.stackStatusReason(), "none given")
                + "): deleting it to create it again");
        settling.deleteAndWait(existing);
    }

    /** The change set, or null when nothing changes; a failed create leaves nothing of it behind. */
    private CreateChangeSetResponse createChangeSet(
            Change change, TemplateParameters.Resolved parameters, Set<Capability> capabilities) {
        String changeSetName = ChangeSetCreation.uniqueName(polling.now());
        try {
            return changeSetCreation.create(change.request(), change.create(), parameters, capabilities, changeSetName);
        } catch (RuntimeException e) {
            throw cleanup.withNote(e, cleanup.afterFailedCreate(change.name(), changeSetName, change.stackIsOurs()));
        }
    }

    /**
     * Waits for the plan and prints it; the result when the deploy stops here (nothing to change, dry run, not
     * confirmed: the change set is deleted), null to execute it.
     */
    private Result reviewPlan(Change change, CreateChangeSetResponse created) {
        String name = change.name();
        DeployRequest request = change.request();
        String ours = change.ours(created);
        String discarded = null;
        try {
            ChangeSetPlan plan = CfnCalls.call(
                    "DescribeChangeSet", name, () -> ChangeSetPlan.await(calls.client(), created.id(), name, polling));
            if (plan.empty()) {
                events.info("Stack " + name + " is up to date (CloudFormation: " + plan.statusReason() + ")");
                cleanup.warnIfLeft(discarded = cleanup.discard(name, created.id(), ours));
                Stack current = calls.describe(created.stackId());
                applyTerminationProtection(request, current);
                return finish(Outcome.UP_TO_DATE, current, request);
            }
            if (plan.failed()) {
                throw new StackFailedException(
                        "CloudFormation could not plan the change to stack " + name + " (CreateChangeSet): "
                                + plan.statusReason(),
                        null,
                        null);
            }
            events.info((change.create() ? "Creating" : "Updating") + " stack " + name + ": "
                    + plan.changes().size() + " change" + (plan.changes().size() == 1 ? "" : "s"));
            plan.changes().forEach(c -> events.info(c.line()));
            StackOutputs before = change.create() ? null : StackOutputs.of(change.existing());
            if (request.dryRun()) {
                events.info("Dry run: stack " + name + " left unchanged (change set deleted)");
                cleanup.warnIfLeft(discarded = cleanup.discard(name, created.id(), ours));
                return new Result(Outcome.DRY_RUN, before);
            }
            if (!confirmation.confirm(
                    (change.create() ? "Create" : "Update") + " stack " + name + " with these changes?")) {
                events.warn("Stack " + name + " left unchanged: the change was not confirmed (change set deleted)");
                cleanup.warnIfLeft(discarded = cleanup.discard(name, created.id(), ours));
                return new Result(Outcome.CANCELLED, before);
            }
            return null;
        } catch (RuntimeException e) {
            // Nothing was executed: the change set (and the empty stack this run made) must not stay behind.
            throw discarded != null ? e : cleanup.withNote(e, cleanup.discard(name, created.id(), ours));
        }
    }

    /** Executes the change set and streams the stack's events until it settles; fails naming the first failure. */
    private Result executeAndWait(Change change, CreateChangeSetResponse created) {
        String name = change.name();
        String stackId = created.stackId();
        StackEventStream stream;
        try {
            stream = CfnCalls.call(
                    "DescribeStackEvents", name, () -> StackEventStream.startingNow(calls.client(), stackId, polling));
            CfnCalls.call("ExecuteChangeSet", name, () -> calls.client().executeChangeSet(b -> {
                b.changeSetName(created.id()).stackName(name).clientRequestToken("streambot-" + UUID.randomUUID());
                if (!change.create() && change.request().disableRollback()) {
                    b.disableRollback(true);
                }
            }));
        } catch (RuntimeException e) {
            throw cleanup.withNote(e, cleanup.discard(name, created.id(), change.ours(created)));
        }
        Stack done = settling.waitUntilSettled(name, stackId, stream, change.create() ? null : change.existing());
        if (done == null) {
            Optional<StackEvent> first = stream.firstFailure();
            throw new StackFailedException(
                    "Stack " + name + " failed and was deleted"
                            + first.map(e -> "; first failure: " + StackEventStream.describe(e))
                                    .orElse(""),
                    "DELETE_COMPLETE",
                    first.map(StackEventStream::describe).orElse(null));
        }
        if (!SUCCESS.contains(done.stackStatus())) {
            throw settling.failed(name, done, stream);
        }
        events.info("Stack " + name + " " + done.stackStatusAsString());
        if (change.create()) {
            applyTerminationProtection(change.request(), done);
        }
        return finish(change.create() ? Outcome.CREATED : Outcome.UPDATED, done, change.request());
    }

    private static boolean declaresCode(StackTemplate template) {
        return template.parameters().containsKey(TemplateParameters.CODE_KEY);
    }

    private Set<Capability> capabilities(DeployRequest request) {
        Set<Capability> detected = CapabilityDetector.detect(request.template());
        Set<Capability> given = request.capabilitySet();
        if (given.isEmpty()) {
            return detected;
        }
        Set<Capability> notGiven = EnumSet.copyOf(detected.isEmpty() ? EnumSet.noneOf(Capability.class) : detected);
        notGiven.removeAll(given);
        if (!notGiven.isEmpty()) {
            events.warn("<capabilities> omits " + notGiven + " that "
                    + request.template().name() + " seems to need; CloudFormation will refuse it if it does");
        }
        return given;
    }

    private void applyTerminationProtection(DeployRequest request, Stack stack) {
        Boolean wanted = request.terminationProtection();
        if (wanted == null || stack == null || wanted.equals(stack.enableTerminationProtection())) {
            return;
        }
        if (request.dryRun()) {
            events.info("Dry run: termination protection of " + request.stackName() + " would be "
                    + (wanted ? "enabled" : "disabled"));
            return;
        }
        CfnCalls.call("UpdateTerminationProtection", request.stackName(), () -> calls.client()
                .updateTerminationProtection(b -> b.stackName(stack.stackId()).enableTerminationProtection(wanted)));
        events.info("Termination protection of stack " + request.stackName() + " " + (wanted ? "enabled" : "disabled"));
    }

    private Result finish(Outcome outcome, Stack stack, DeployRequest request) {
        StackOutputs outputs = StackOutputs.of(stack);
        if (!outputs.outputs().isEmpty()) {
            events.info("Outputs of stack " + request.stackName() + ":");
            outputs.outputs().forEach((k, v) -> events.info("  " + k + " = " + v));
        }
        if (request.outputDirectory() != null) {
            outputs.write(request.outputDirectory());
        }
        return new Result(outcome, outputs);
    }
}

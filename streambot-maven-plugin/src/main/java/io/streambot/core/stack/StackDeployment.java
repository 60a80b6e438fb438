package io.streambot.core.stack;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsErrors;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Brings a CloudFormation stack to the state of a template, like the best deployers:
 *
 * <ol>
 *   <li>checks the request and the template's parameters before any call;
 *   <li>reads the stack: a busy stack or one that needs a manual step stops here; a stack left in
 *       {@code ROLLBACK_COMPLETE} by a failed first create is deleted and created again;
 *   <li>fills the automatic parameters (uploaded code, the primary stack's outputs);
 *   <li>compares template, parameters, tags and code with the deployed stack: identical means
 *       "up to date" and nothing is written;
 *   <li>creates a change set, prints its plan, stops there on a dry run, asks if configured;
 *   <li>executes it and streams the stack's events until the stack settles, then reports the outputs,
 *       or the first failed resource's reason and the final status.
 * </ol>
 *
 * <p>A deploy that stops before executing (dry run, declined, nothing to change, a failed or unreadable
 * change set, a failed call) deletes its change set and, when its CREATE change set made the stack, that
 * empty {@code REVIEW_IN_PROGRESS} stack; a stack that was already in {@code REVIEW_IN_PROGRESS} is not
 * this run's and is left alone. A failed first create is deleted by CloudFormation
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

    private static final Set<StackStatus> STABLE = EnumSet.of(
            StackStatus.CREATE_COMPLETE,
            StackStatus.UPDATE_COMPLETE,
            StackStatus.UPDATE_ROLLBACK_COMPLETE,
            StackStatus.IMPORT_COMPLETE,
            StackStatus.IMPORT_ROLLBACK_COMPLETE);
    private static final Set<StackStatus> SUCCESS =
            EnumSet.of(StackStatus.CREATE_COMPLETE, StackStatus.UPDATE_COMPLETE, StackStatus.IMPORT_COMPLETE);
    /** OnStackFailure of a create when neither {@code <onFailure>} nor {@code <disableRollback>} is set. */
    static final String DEFAULT_ON_CREATE_FAILURE = "DELETE";

    private static final String LEFT_BEHIND = "LEFT BEHIND: ";
    private static final DateTimeFormatter CHANGE_SET_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final CloudFormationClient cloudFormation;
    private final Supplier<S3Client> s3;
    private final Events events;
    private final Polling polling;
    private final Confirmation confirmation;

    /**
     * @param s3 gives the S3 client only when a template must be uploaded
     */
    public StackDeployment(
            CloudFormationClient cloudFormation,
            Supplier<S3Client> s3,
            Events events,
            Polling polling,
            Confirmation confirmation) {
        this.cloudFormation = cloudFormation;
        this.s3 = s3;
        this.events = events;
        this.polling = polling;
        this.confirmation = confirmation;
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
        StackTemplate template = request.template();
        Set<Capability> capabilities = capabilities(request);
        polling.begin();
        String name = request.stackName();

        Stack existing = describe(name);
        boolean recreate = false;
        if (existing != null) {
            recreate = checkDeployable(existing);
        }
        boolean create = existing == null || recreate || existing.stackStatus() == StackStatus.REVIEW_IN_PROGRESS;
        Map<String, String> primaryOutputs = primaryOutputs(request);
        Set<String> previous = new HashSet<>();
        if (!create) {
            existing.parameters().forEach(p -> previous.add(p.parameterKey()));
        }
        TemplateParameters.Resolved parameters =
                TemplateParameters.resolve(template, request.parameters(), request.code(), primaryOutputs, previous);
        parameters.automatic().forEach((k, v) -> events.info("Parameter " + k + " = " + v + " (automatic)"));

        if (!create && upToDate(existing, request, parameters)) {
            events.info("Stack " + name + " is up to date");
            applyTerminationProtection(request, existing);
            return finish(Outcome.UP_TO_DATE, describe(existing.stackId()), request);
        }
        if (recreate) {
            if (request.dryRun()) {
                events.info("Dry run: stack " + name + " is in ROLLBACK_COMPLETE after a failed first create;"
                        + " a deploy deletes it and creates it again with "
                        + template.resources().size()
                        + " resources");
                return new Result(Outcome.DRY_RUN, null);
            }
            events.warn("Stack " + name + " is in ROLLBACK_COMPLETE after a failed first create (reason: "
                    + Objects.toString(existing.stackStatusReason(), "none given")
                    + "): deleting it to create it again");
            deleteAndWait(existing);
        }

        // A CREATE change set on a stack that did not exist makes a new (REVIEW_IN_PROGRESS) stack: this run's
        // to delete when the deploy stops before executing. A stack already in REVIEW_IN_PROGRESS is not ours.
        boolean stackIsOurs = existing == null || recreate;
        String changeSetName = "streambot-" + CHANGE_SET_TIME.format(polling.now()) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        CreateChangeSetResponse created;
        try {
            created = createChangeSet(request, create, parameters, capabilities, changeSetName);
        } catch (RuntimeException e) {
            throw withNote(e, cleanUpAfterFailedCreate(name, changeSetName, stackIsOurs));
        }
        if (created == null) {
            applyTerminationProtection(request, existing);
            return finish(Outcome.UP_TO_DATE, existing, request);
        }
        String stackId = created.stackId();
        String ours = create && stackIsOurs ? stackId : null;
        String discarded = null;
        try {
            ChangeSetPlan plan = cfn(
                    "DescribeChangeSet", name, () -> ChangeSetPlan.await(cloudFormation, created.id(), name, polling));
            if (plan.empty()) {
                events.info("Stack " + name + " is up to date (CloudFormation: " + plan.statusReason() + ")");
                warnIfLeft(discarded = discard(name, created.id(), ours));
                Stack current = describe(stackId);
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
            events.info((create ? "Creating" : "Updating") + " stack " + name + ": "
                    + plan.changes().size() + " change" + (plan.changes().size() == 1 ? "" : "s"));
            plan.changes().forEach(c -> events.info(c.line()));
            if (request.dryRun()) {
                events.info("Dry run: stack " + name + " left unchanged (change set deleted)");
                warnIfLeft(discarded = discard(name, created.id(), ours));
                return new Result(Outcome.DRY_RUN, create ? null : StackOutputs.of(existing));
            }
            if (!confirmation.confirm((create ? "Create" : "Update") + " stack " + name + " with these changes?")) {
                events.warn("Stack " + name + " left unchanged: the change was not confirmed (change set deleted)");
                warnIfLeft(discarded = discard(name, created.id(), ours));
                return new Result(Outcome.CANCELLED, create ? null : StackOutputs.of(existing));
            }
        } catch (RuntimeException e) {
            // Nothing was executed: the change set (and the empty stack this run made) must not stay behind.
            throw discarded != null ? e : withNote(e, discard(name, created.id(), ours));
        }

        StackEventStream stream;
        try {
            stream = cfn(
                    "DescribeStackEvents", name, () -> StackEventStream.startingNow(cloudFormation, stackId, polling));
            cfn(
                    "ExecuteChangeSet",
                    name,
                    () -> cloudFormation.executeChangeSet(b -> {
                        b.changeSetName(created.id())
                                .stackName(name)
                                .clientRequestToken("streambot-" + UUID.randomUUID());
                        if (!create && request.disableRollback()) {
                            b.disableRollback(true);
                        }
                    }));
        } catch (RuntimeException e) {
            throw withNote(e, discard(name, created.id(), ours));
        }
        Stack done = waitUntilSettled(name, stackId, stream, create ? null : existing);
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
            throw failed(name, done, stream);
        }
        events.info("Stack " + name + " " + done.stackStatusAsString());
        if (create) {
            applyTerminationProtection(request, done);
        }
        return finish(create ? Outcome.CREATED : Outcome.UPDATED, done, request);
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

    /**
     * @return true when the stack must be deleted and created again
     */
    private boolean checkDeployable(Stack stack) {
        StackStatus status = stack.stackStatus();
        String name = stack.stackName();
        if (status == StackStatus.ROLLBACK_COMPLETE) {
            return true;
        }
        if (status == StackStatus.REVIEW_IN_PROGRESS) {
            return false;
        }
        String raw = stack.stackStatusAsString();
        if (raw.endsWith("_IN_PROGRESS")) {
            throw new StackDeploymentException("Stack " + name + " is busy (" + raw + ") in another operation:"
                    + " wait until it finishes (aws cloudformation wait stack-update-complete --stack-name " + name
                    + " or watch it in the console), then deploy again");
        }
        switch (status) {
            case UPDATE_ROLLBACK_FAILED:
                throw new StackDeploymentException("Stack " + name + " is in UPDATE_ROLLBACK_FAILED ("
                        + Objects.toString(stack.stackStatusReason(), "no reason given") + "): fix the cause, run"
                        + " `aws cloudformation continue-update-rollback --stack-name " + name
                        + "`, then deploy again");
            case ROLLBACK_FAILED, DELETE_FAILED, CREATE_FAILED:
                throw new StackDeploymentException("Stack " + name + " is in " + raw + " ("
                        + Objects.toString(stack.stackStatusReason(), "no reason given") + ") and cannot be"
                        + " updated: delete it (`aws cloudformation delete-stack --stack-name " + name
                        + "`), then deploy again");
            default:
                return false;
        }
    }

    private Map<String, String> primaryOutputs(DeployRequest request) {
        Set<String> needed = TemplateParameters.neededFromPrimaryStack(request.template(), request.parameters());
        if (needed.isEmpty()) {
            return Map.of();
        }
        if (request.primaryOutputs() != null) {
            return request.primaryOutputs();
        }
        String primary = request.primaryStackName();
        Stack stack = describe(primary);
        Map<String, String> outputs =
                stack == null ? Map.of() : StackOutputs.of(stack).outputs();
        for (String parameter : needed) {
            if (TemplateParameters.fromPrimaryOutputs(parameter, outputs) == null) {
                String problem = stack == null
                        ? "is not set and the primary streambot stack " + primary + " does not exist"
                        : "is not set and the primary streambot stack " + primary + " (" + stack.stackStatusAsString()
                                + ") has no output "
                                + TemplateParameters.FROM_PRIMARY_STACK
                                        .get(parameter)
                                        .get(0);
                throw new InvalidConfigurationException(
                        "<parameters><" + parameter + ">",
                        "streambot.parameter." + parameter,
                        null,
                        problem,
                        "deploy the primary stack with -Dstreambot.primaryStack=true (or <deployPrimaryStack>),"
                                + " point <primaryStackName> at yours, or set <parameters><" + parameter + ">");
            }
        }
        return outputs;
    }

    private boolean upToDate(Stack stack, DeployRequest request, TemplateParameters.Resolved parameters) {
        if (!STABLE.contains(stack.stackStatus())) {
            return false;
        }
        Map<String, String> deployed = new HashMap<>();
        stack.parameters().forEach(p -> deployed.put(p.parameterKey(), p.parameterValue()));
        for (Map.Entry<String, String> p : parameters.values().entrySet()) {
            StackTemplate.Parameter declared = request.template().parameters().get(p.getKey());
            if (declared.noEcho() || !Objects.equals(deployed.get(p.getKey()), p.getValue())) {
                events.debug("Parameter " + p.getKey() + " changes");
                return false;
            }
        }
        if (!request.tags().isEmpty()) {
            Map<String, String> tags = new HashMap<>();
            stack.tags().forEach(t -> tags.put(t.key(), t.value()));
            if (!tags.equals(request.tags())) {
                events.debug("Tags change");
                return false;
            }
        }
        if (!request.notificationArns().isEmpty()
                && !new HashSet<>(stack.notificationARNs()).equals(new HashSet<>(request.notificationArns()))) {
            events.debug("Notification ARNs change");
            return false;
        }
        if (request.roleArn() != null && !request.roleArn().equals(stack.roleARN())) {
            events.debug("Role ARN changes");
            return false;
        }
        String body = cfn(
                        "GetTemplate",
                        request.stackName(),
                        () -> polling.read(() -> cloudFormation.getTemplate(
                                b -> b.stackName(stack.stackId()).templateStage(TemplateStage.ORIGINAL))))
                .templateBody();
        boolean same = request.template().sameAs(body);
        if (!same) {
            events.debug("Template changes");
        }
        return same;
    }

    /** The change set, or null when CloudFormation answered right away that nothing changes. */
    private CreateChangeSetResponse createChangeSet(
            DeployRequest request,
            boolean create,
            TemplateParameters.Resolved parameters,
            Set<Capability> capabilities,
            String changeSetName) {
        CreateChangeSetRequest.Builder b = CreateChangeSetRequest.builder()
                .stackName(request.stackName())
                .changeSetName(changeSetName)
                .changeSetType(create ? ChangeSetType.CREATE : ChangeSetType.UPDATE)
                .description("streambot deploy-stack")
                .clientToken("streambot-" + UUID.randomUUID())
                .parameters(parameters.toSdk());
        if (!capabilities.isEmpty()) {
            b.capabilities(capabilities);
        }
        String url = new TemplateUpload(s3, events).urlFor(request);
        if (url != null) {
            b.templateURL(url);
        } else {
            b.templateBody(request.template().body());
        }
        if (!request.tags().isEmpty()) {
            b.tags(request.tags().entrySet().stream()
                    .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                    .toList());
        }
        if (request.roleArn() != null) {
            b.roleARN(request.roleArn());
        }
        if (!request.notificationArns().isEmpty()) {
            b.notificationARNs(request.notificationArns());
        }
        if (create) {
            // Unless told otherwise, a failed first create deletes the stack: its events are in the build's log.
            b.onStackFailure(
                    request.disableRollback()
                            ? "DO_NOTHING"
                            : request.onFailure() == null ? DEFAULT_ON_CREATE_FAILURE : request.onFailure());
        }
        try {
            return cloudFormation.createChangeSet(b.build());
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null
                    ? e.getMessage()
                    : e.awsErrorDetails().errorMessage();
            if ("InsufficientCapabilitiesException".equals(code)) {
                throw new StackFailedException(
                        "CloudFormation refused " + request.template().name() + " for stack " + request.stackName()
                                + " (CreateChangeSet): " + message
                                + ": add the capability to <capabilities> (or -Dstreambot.capabilities)",
                        null,
                        null);
            }
            if (message != null && ChangeSetPlan.meansNoChanges(message)) {
                // Some implementations refuse an empty change set right away instead of failing it.
                events.info("Stack " + request.stackName() + " is up to date (CloudFormation: " + message + ")");
                return null;
            }
            if ("ValidationError".equals(code)) {
                throw new StackFailedException(
                        "CloudFormation refused " + request.template().name() + " for stack " + request.stackName()
                                + " (CreateChangeSet): " + message,
                        null,
                        null);
            }
            throw AwsErrors.translate("call CreateChangeSet", "stack " + request.stackName(), e);
        } catch (SdkException e) {
            throw AwsErrors.translate("call CreateChangeSet", "stack " + request.stackName(), e);
        }
    }

    /**
     * After CreateChangeSet failed: whether it made the change set (and, for a new stack, the stack)
     * anyway, as an answer lost on the way back can hide. The change set's name is unique to this run, so
     * finding it proves this run made it. Deletes what it finds; returns what it did, for the message.
     */
    private String cleanUpAfterFailedCreate(String name, String changeSetName, boolean stackIsOurs) {
        DescribeChangeSetResponse found;
        try {
            found = cloudFormation.describeChangeSet(
                    b -> b.changeSetName(changeSetName).stackName(name));
        } catch (AwsServiceException e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
            if (e.statusCode() == 404
                    || "ChangeSetNotFound".equals(code)
                    || "ChangeSetNotFoundException".equals(code)
                    || (message != null && message.contains("does not exist"))) {
                return null;
            }
            return couldNotCheck(name, changeSetName, stackIsOurs, e);
        } catch (SdkException e) {
            return couldNotCheck(name, changeSetName, stackIsOurs, e);
        }
        return discard(name, found.changeSetId(), stackIsOurs ? found.stackId() : null);
    }

    private static String couldNotCheck(String name, String changeSetName, boolean stackIsOurs, SdkException e) {
        return "could not check whether change set " + changeSetName + " was made anyway (" + e.getMessage()
                + "): look for it with `aws cloudformation list-change-sets --stack-name " + name + "`"
                + (stackIsOurs
                        ? " and, if stack " + name + " is in REVIEW_IN_PROGRESS, delete it (`aws cloudformation"
                                + " delete-stack --stack-name " + name + "`)"
                        : " and delete it");
    }

    /**
     * Deletes a change set that will not be executed and, when {@code ourStackId} is set, the empty
     * REVIEW_IN_PROGRESS stack this run's CREATE change set made. Best effort: never hides the failure
     * that led here.
     *
     * @return what was deleted, or what is left and how to remove it
     */
    private String discard(String name, String changeSetId, String ourStackId) {
        StringBuilder note = new StringBuilder();
        try {
            cloudFormation.deleteChangeSet(b -> b.changeSetName(changeSetId).stackName(name));
            note.append("change set ").append(changeSetId).append(" deleted");
        } catch (SdkException e) {
            note.append(LEFT_BEHIND)
                    .append("change set ")
                    .append(changeSetId)
                    .append(" could not be deleted (")
                    .append(e.getMessage())
                    .append("): `aws cloudformation delete-change-set --stack-name ")
                    .append(name)
                    .append(" --change-set-name ")
                    .append(changeSetId)
                    .append('`');
        }
        if (ourStackId != null) {
            try {
                cloudFormation.deleteStack(b -> b.stackName(ourStackId));
                note.append("; the empty stack ").append(name).append(" this deploy created was deleted");
            } catch (SdkException e) {
                note.append("; ")
                        .append(LEFT_BEHIND)
                        .append("the empty stack ")
                        .append(name)
                        .append(" (REVIEW_IN_PROGRESS) this deploy created could not be deleted (")
                        .append(e.getMessage())
                        .append("): `aws cloudformation delete-stack --stack-name ")
                        .append(name)
                        .append('`');
            }
        }
        return note.toString();
    }

    private void warnIfLeft(String note) {
        if (note.contains(LEFT_BEHIND)) {
            events.warn(note);
        }
    }

    /** {@code e} with what the cleanup after it did; the cleanup is also reported as an event. */
    private RuntimeException withNote(RuntimeException e, String note) {
        if (note == null || note.isEmpty()) {
            return e;
        }
        if (note.contains(LEFT_BEHIND)) {
            events.warn(note);
        } else {
            events.info("Cleaned up after the failure: " + note);
        }
        String message = e.getMessage() + " (" + note + ")";
        if (e instanceof AwsCallException a) {
            return new AwsCallException(message, a.errorCode(), a.statusCode(), a.getCause());
        }
        if (e instanceof StackFailedException f) {
            return new StackFailedException(message, f.finalStatus(), f.firstFailure());
        }
        if (e instanceof StackDeploymentException) {
            return new StackDeploymentException(message, e.getCause());
        }
        return e;
    }

    /** Runs one CloudFormation call; a failure names the operation and the stack. */
    private static <T> T cfn(String operation, String stack, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw AwsErrors.translate("call " + operation, "stack " + stack, e);
        }
    }

    private void deleteAndWait(Stack stack) {
        String name = stack.stackName();
        StackEventStream stream = cfn(
                "DescribeStackEvents",
                name,
                () -> StackEventStream.startingNow(cloudFormation, stack.stackId(), polling));
        cfn("DeleteStack", name, () -> cloudFormation.deleteStack(b -> b.stackName(stack.stackId())));
        Stack gone = waitUntilSettled(name, stack.stackId(), stream, stack);
        if (gone != null && gone.stackStatus() != StackStatus.DELETE_COMPLETE) {
            throw failed(stack.stackName(), gone, stream);
        }
        events.info("Stack " + stack.stackName() + " deleted; creating it again");
    }

    /**
     * Polls the stack and its events until its status is final. A final status counts once the stack
     * has visibly moved since {@code before} (a status read right after the request may be stale).
     */
    private Stack waitUntilSettled(String name, String stackId, StackEventStream stream, Stack before) {
        boolean moved = before == null;
        int polls = 0;
        while (true) {
            Stack stack = describe(stackId);
            if (stack == null) {
                // Gone (deleted); some implementations forget a deleted stack's events too.
                return null;
            }
            for (StackEvent e : cfn("DescribeStackEvents", name, stream::poll)) {
                events.info(StackEventStream.format(e));
                moved = true;
            }
            String status = stack.stackStatusAsString();
            boolean inProgress = status.endsWith("_IN_PROGRESS");
            moved |= inProgress
                    || (before != null
                            && (!status.equals(before.stackStatusAsString())
                                    || !Objects.equals(stack.lastUpdatedTime(), before.lastUpdatedTime())));
            if (!inProgress && (moved || ++polls > 3)) {
                return stack;
            }
            if (polling.pastDeadline()) {
                throw new StackDeploymentException("Stack " + stack.stackName() + " is still " + status + " after "
                        + polling.timeout() + ": CloudFormation goes on; watch it in the console, raise <timeout>"
                        + " (-Dstreambot.timeout) and deploy again once it has settled");
            }
            polling.pause();
        }
    }

    private StackFailedException failed(String name, Stack stack, StackEventStream stream) {
        Optional<StackEvent> first = stream.firstFailure();
        String firstFailure = first.map(StackEventStream::describe).orElse(null);
        StringBuilder m =
                new StringBuilder("Stack ").append(name).append(" failed: ").append(stack.stackStatusAsString());
        if (firstFailure != null) {
            m.append("; first failure: ").append(firstFailure);
        } else if (stack.stackStatusReason() != null) {
            m.append(" (").append(stack.stackStatusReason()).append(')');
        }
        return new StackFailedException(m.toString(), stack.stackStatusAsString(), firstFailure);
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
        cfn(
                "UpdateTerminationProtection",
                request.stackName(),
                () -> cloudFormation.updateTerminationProtection(
                        b -> b.stackName(stack.stackId()).enableTerminationProtection(wanted)));
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

    /** The stack by name or id, or null when there is none. */
    private Stack describe(String stack) {
        try {
            return Stacks.describeOrNull(cloudFormation, polling, stack);
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("call DescribeStacks", "stack " + stack, e);
        } catch (SdkException e) {
            throw AwsErrors.translate("call DescribeStacks", "stack " + stack, e);
        }
    }
}

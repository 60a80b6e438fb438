package io.streambot.core.stack;

import io.streambot.core.Events;
import io.streambot.core.aws.AwsErrors;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * CreateChangeSet for a deploy: the template (inline, or uploaded to S3 when it is too big), the resolved
 * parameters, tags, role, notification ARNs, capabilities and, for a create, what CloudFormation does when it fails.
 * CloudFormation's refusals of the template become {@link StackFailedException}s naming the fix.
 */
final class ChangeSetCreation {
    /** OnStackFailure of a create when neither {@code <onFailure>} nor {@code <disableRollback>} is set. */
    static final String DEFAULT_ON_CREATE_FAILURE = "DELETE";

    private static final DateTimeFormatter CHANGE_SET_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final CfnCalls calls;
    private final Supplier<S3Client> s3;
    private final Events events;

    ChangeSetCreation(CfnCalls calls, Supplier<S3Client> s3, Events events) {
        this.calls = calls;
        this.s3 = s3;
        this.events = events;
    }

    /** A change set name unique to this run: finding it later proves this run made it. */
    static String uniqueName(Instant now) {
        return "streambot-" + CHANGE_SET_TIME.format(now) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The change set, or null when CloudFormation answered right away that nothing changes. */
    CreateChangeSetResponse create(
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
            return calls.client().createChangeSet(b.build());
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
}

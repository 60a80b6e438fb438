package io.streambot.core.stack;

import io.streambot.core.Events;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * Whether the deployed stack already has the request's template, parameters, tags, notification ARNs and role:
 * then nothing is written. Reads the deployed template (GetTemplate) only when all else is equal.
 */
final class UpToDateCheck {
    private final CfnCalls calls;
    private final Events events;

    UpToDateCheck(CfnCalls calls, Events events) {
        this.calls = calls;
        this.events = events;
    }

    boolean upToDate(Stack stack, DeployRequest request, TemplateParameters.Resolved parameters) {
        if (!DeployableStatus.STABLE.contains(stack.stackStatus())) {
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
        String body = CfnCalls.call("GetTemplate", request.stackName(), () -> calls.polling()
                        .read(() -> calls.client()
                                .getTemplate(b -> b.stackName(stack.stackId()).templateStage(TemplateStage.ORIGINAL))))
                .templateBody();
        boolean same = request.template().sameAs(body);
        if (!same) {
            events.debug("Template changes");
        }
        return same;
    }
}

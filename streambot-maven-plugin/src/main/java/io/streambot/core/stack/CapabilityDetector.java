package io.streambot.core.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.model.Capability;

/**
 * The capabilities a template needs CloudFormation to acknowledge, read from what it declares:
 * {@code CAPABILITY_IAM} for IAM resources, {@code CAPABILITY_NAMED_IAM} when one of them sets a
 * name (a custom name makes the resource global to the account), {@code CAPABILITY_AUTO_EXPAND} for
 * transforms, serverless resources, macros ({@code Fn::Transform}) and nested stacks.
 */
public final class CapabilityDetector {
    private static final Set<String> NAMING_PROPERTIES =
            Set.of("RoleName", "UserName", "GroupName", "ManagedPolicyName", "InstanceProfileName");

    private CapabilityDetector() {}

    public static Set<Capability> detect(StackTemplate template) {
        Set<Capability> result = EnumSet.noneOf(Capability.class);
        if (template.hasTransform() || containsKey(template.tree().get("Resources"), "Fn::Transform")) {
            result.add(Capability.CAPABILITY_AUTO_EXPAND);
        }
        if (template.transform().contains("AWS::Serverless")) {
            // SAM creates execution roles for functions.
            result.add(Capability.CAPABILITY_IAM);
        }
        for (StackTemplate.Resource r : template.resources().values()) {
            String type = r.type();
            if (type.startsWith("AWS::IAM::")) {
                result.add(Capability.CAPABILITY_IAM);
                if (namesItself(r.properties())) {
                    result.add(Capability.CAPABILITY_NAMED_IAM);
                }
            } else if (type.startsWith("AWS::Serverless::")) {
                result.add(Capability.CAPABILITY_AUTO_EXPAND);
                result.add(Capability.CAPABILITY_IAM);
            } else if (type.equals("AWS::CloudFormation::Stack")) {
                result.add(Capability.CAPABILITY_AUTO_EXPAND);
            }
        }
        return result;
    }

    private static boolean namesItself(JsonNode properties) {
        if (properties == null || !properties.isObject()) {
            return false;
        }
        for (String p : NAMING_PROPERTIES) {
            if (properties.has(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsKey(JsonNode node, String key) {
        if (node == null) {
            return false;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals(key) || containsKey(e.getValue(), key)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                if (containsKey(child, key)) {
                    return true;
                }
            }
        }
        return false;
    }
}

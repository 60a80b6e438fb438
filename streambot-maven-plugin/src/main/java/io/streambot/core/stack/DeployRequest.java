package io.streambot.core.stack;

import io.streambot.core.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.OnStackFailure;

/**
 * Everything one stack deployment needs, checked by {@link #validate()} before any call. Build it with
 * {@link #builder(String, StackTemplate)}.
 *
 * @param parameters the user's parameter values (names must be declared by the template)
 * @param code the code {@code upload} put in S3 (fills CodeBucket/CodeKey/CodeVersion), or null
 * @param primaryStackName the stack whose outputs fill the streambot parameters
 * @param primaryOutputs those outputs when already known (just deployed), or null to read them
 * @param capabilities the capabilities to acknowledge; empty to compute them from the template
 * @param onFailure for creates: ROLLBACK, DELETE or DO_NOTHING; null for CloudFormation's default (ROLLBACK)
 * @param terminationProtection the termination protection to set; null leaves it as it is
 * @param templateBucket where a template over the inline limit is uploaded
 * @param outputDirectory where {@code stack-<name>.json} is written; null writes nothing
 */
public record DeployRequest(
        String stackName,
        StackTemplate template,
        Map<String, String> parameters,
        CodeLocation code,
        String primaryStackName,
        Map<String, String> primaryOutputs,
        Map<String, String> tags,
        List<String> capabilities,
        String roleArn,
        List<String> notificationArns,
        String onFailure,
        boolean disableRollback,
        Boolean terminationProtection,
        boolean dryRun,
        String templateBucket,
        String templatePrefix,
        Path outputDirectory) {

    private static final Pattern STACK_NAME = Pattern.compile("[a-zA-Z][-a-zA-Z0-9]{0,127}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern TOPIC_ARN =
            Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    /** CloudFormation's limit on notification ARNs per stack. */
    static final int MAX_NOTIFICATION_ARNS = 5;

    public static Builder builder(String stackName, StackTemplate template) {
        return new Builder(stackName, template);
    }

    /**
     * Checks what can be checked without a call.
     *
     * @throws InvalidConfigurationException naming the pom element and the fix
     */
    public DeployRequest validate() {
        if (stackName == null || !STACK_NAME.matcher(stackName).matches()) {
            throw new InvalidConfigurationException(
                    "<stackName>",
                    "streambot.stack",
                    stackName,
                    "is not a CloudFormation stack name",
                    "use letters, digits and hyphens, starting with a letter, at most 128 characters");
        }
        if (primaryStackName == null || !STACK_NAME.matcher(primaryStackName).matches()) {
            throw new InvalidConfigurationException(
                    "<primaryStackName>",
                    "streambot.primaryStackName",
                    primaryStackName,
                    "is not a CloudFormation stack name",
                    "use letters, digits and hyphens, starting with a letter, at most 128 characters (default"
                            + " streambot)");
        }
        TemplateParameters.checkNames(template, parameters);
        if (onFailure != null && OnStackFailure.fromValue(onFailure) == OnStackFailure.UNKNOWN_TO_SDK_VERSION) {
            throw new InvalidConfigurationException(
                    "<onFailure>",
                    "streambot.onFailure",
                    onFailure,
                    "is not a failure action",
                    "use ROLLBACK (the default), DELETE or DO_NOTHING");
        }
        if (disableRollback && onFailure != null && !onFailure.equals("DO_NOTHING")) {
            throw new InvalidConfigurationException(
                    "<disableRollback>",
                    "streambot.disableRollback",
                    "true",
                    "contradicts <onFailure>" + onFailure + "</onFailure>",
                    "remove one of them (disableRollback means onFailure DO_NOTHING for a create)");
        }
        capabilitySet();
        if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
            throw new InvalidConfigurationException(
                    "<roleArn>",
                    "streambot.roleArn",
                    roleArn,
                    "is not an IAM role ARN",
                    "give the IAM role's ARN, such as arn:aws:iam::123456789012:role/cfn-deployer");
        }
        if (notificationArns.size() > MAX_NOTIFICATION_ARNS) {
            throw new InvalidConfigurationException(
                    "<notificationArns>",
                    "streambot.notificationArns",
                    notificationArns.size() + " topics",
                    "exceeds CloudFormation's " + MAX_NOTIFICATION_ARNS + " notification ARNs per stack",
                    "keep at most " + MAX_NOTIFICATION_ARNS + " topics");
        }
        for (String arn : notificationArns) {
            if (arn == null || !TOPIC_ARN.matcher(arn.trim()).matches()) {
                throw new InvalidConfigurationException(
                        "<notificationArns>",
                        null,
                        arn,
                        "is not an SNS topic ARN",
                        "give topic ARNs such as arn:aws:sns:eu-west-1:123456789012:deployments");
            }
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw new InvalidConfigurationException(
                        "<tags>", null, key, "uses the reserved prefix aws:", "rename the tag");
            }
            if (key.isEmpty() || key.length() > 128 || tag.getValue().length() > 256) {
                throw new InvalidConfigurationException(
                        "<tags><" + key + ">",
                        null,
                        tag.getValue(),
                        "is not a valid stack tag",
                        "use a key of 1-128 characters and a value of at most 256 characters");
            }
        }
        if (tags.size() > 50) {
            throw new InvalidConfigurationException(
                    "<tags>",
                    null,
                    tags.size() + " tags",
                    "exceeds CloudFormation's 50 tags per stack",
                    "remove some tags");
        }
        int size = template.sizeInBytes();
        if (size > StackTemplate.URL_LIMIT_BYTES) {
            throw new InvalidConfigurationException(
                    "<template>",
                    "streambot.template",
                    template.name(),
                    "is " + size + " bytes, over CloudFormation's limit of " + StackTemplate.URL_LIMIT_BYTES,
                    "split it into nested stacks");
        }
        if (size > StackTemplate.INLINE_LIMIT_BYTES && (templateBucket == null || templateBucket.isBlank())) {
            throw new InvalidConfigurationException(
                    "<bucket>",
                    "streambot.bucket",
                    null,
                    "is not set and " + template.name() + " is " + size + " bytes, over the "
                            + StackTemplate.INLINE_LIMIT_BYTES + " bytes CloudFormation accepts inline",
                    "set <bucket> to an S3 bucket in the stack's region: the template is uploaded there");
        }
        return this;
    }

    /** The capabilities given, or empty when they are to be computed. */
    public Set<Capability> capabilitySet() {
        Set<Capability> result = EnumSet.noneOf(Capability.class);
        for (String c : capabilities) {
            String name = c.trim().toUpperCase(Locale.ROOT);
            Capability cap = Capability.fromValue(name.startsWith("CAPABILITY_") ? name : "CAPABILITY_" + name);
            if (cap == Capability.UNKNOWN_TO_SDK_VERSION) {
                throw new InvalidConfigurationException(
                        "<capabilities>",
                        "streambot.capabilities",
                        c,
                        "is not a CloudFormation capability",
                        "use CAPABILITY_IAM, CAPABILITY_NAMED_IAM or CAPABILITY_AUTO_EXPAND, or remove"
                                + " <capabilities> to compute them from the template");
            }
            result.add(cap);
        }
        return result;
    }

    /** Fills a {@link DeployRequest}; every setter accepts null for "not set". */
    public static final class Builder {
        private final String stackName;
        private final StackTemplate template;
        private Map<String, String> parameters = new LinkedHashMap<>();
        private CodeLocation code;
        private String primaryStackName = "streambot";
        private Map<String, String> primaryOutputs;
        private Map<String, String> tags = new LinkedHashMap<>();
        private List<String> capabilities = new ArrayList<>();
        private String roleArn;
        private List<String> notificationArns = new ArrayList<>();
        private String onFailure;
        private boolean disableRollback;
        private Boolean terminationProtection;
        private boolean dryRun;
        private String templateBucket;
        private String templatePrefix = "streambot";
        private Path outputDirectory;

        private Builder(String stackName, StackTemplate template) {
            this.stackName = stackName;
            this.template = template;
        }

        public Builder parameters(Map<String, String> v) {
            parameters = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v);
            return this;
        }

        public Builder code(CodeLocation v) {
            code = v;
            return this;
        }

        public Builder primaryStackName(String v) {
            if (v != null && !v.isBlank()) {
                primaryStackName = v;
            }
            return this;
        }

        public Builder primaryOutputs(Map<String, String> v) {
            primaryOutputs = v;
            return this;
        }

        public Builder tags(Map<String, String> v) {
            tags = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v);
            return this;
        }

        public Builder capabilities(List<String> v) {
            capabilities = v == null ? new ArrayList<>() : new ArrayList<>(v);
            return this;
        }

        public Builder roleArn(String v) {
            roleArn = v == null || v.isBlank() ? null : v.trim();
            return this;
        }

        public Builder notificationArns(List<String> v) {
            notificationArns = v == null ? new ArrayList<>() : new ArrayList<>(v);
            return this;
        }

        public Builder onFailure(String v) {
            onFailure = v == null || v.isBlank() ? null : v.trim().toUpperCase(Locale.ROOT);
            return this;
        }

        public Builder disableRollback(boolean v) {
            disableRollback = v;
            return this;
        }

        public Builder terminationProtection(Boolean v) {
            terminationProtection = v;
            return this;
        }

        public Builder dryRun(boolean v) {
            dryRun = v;
            return this;
        }

        public Builder templateBucket(String bucket, String prefix) {
            templateBucket = bucket == null || bucket.isBlank() ? null : bucket.trim();
            if (prefix != null) {
                templatePrefix = prefix;
            }
            return this;
        }

        public Builder outputDirectory(Path v) {
            outputDirectory = v;
            return this;
        }

        public DeployRequest build() {
            return new DeployRequest(
                    stackName,
                    template,
                    ordered(parameters),
                    code,
                    primaryStackName,
                    primaryOutputs == null ? null : ordered(primaryOutputs),
                    ordered(tags),
                    List.copyOf(capabilities),
                    roleArn,
                    List.copyOf(notificationArns),
                    onFailure,
                    disableRollback,
                    terminationProtection,
                    dryRun,
                    templateBucket,
                    templatePrefix,
                    outputDirectory);
        }

        private static Map<String, String> ordered(Map<String, String> map) {
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }
    }
}

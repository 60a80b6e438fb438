package io.streambot.core.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.streambot.core.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which bundle of the build each function of a template runs: the binding convention of a stack with
 * several functions.
 *
 * <p>A function's code is a bundle of this build when its {@code Code} (for {@code AWS::Serverless::Function}
 * its {@code CodeUri}) refers to a bundle's code parameters:
 *
 * <ul>
 *   <li>{@code {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}}}: the module's own bundle
 *       ({@code self}), as for a single function; several functions may share it (several handlers in one zip);
 *   <li>{@code {"S3Bucket": {"Ref": "CodeBucket<Stem>"}, "S3Key": {"Ref": "CodeKey<Stem>"}}}: the bundle of
 *       the reactor module whose artifactId gives {@code <Stem>} ({@link #stem}: {@code replay-fn} is
 *       {@code ReplayFn}).
 * </ul>
 *
 * <p>An optional {@code "Metadata": {"streambot": {"bundle": "<artifactId or self>"}}} on the function names
 * the bundle explicitly; it must agree with {@code Code}. A function's {@code Code} given as plain values or
 * inline ({@code ZipFile}) is not one of the build's bundles and is left alone.
 *
 * <p>{@link #check} refuses, before any call: a function without code, a function bound to two bundles
 * (its {@code Metadata} and its {@code Code}, or its {@code S3Bucket} and its {@code S3Key}, disagree),
 * and two functions sharing a {@code FunctionName}; each message names both places and the fix.
 * {@link #checkEveryBundleUsed} refuses a bundle that no function uses.
 */
public final class FunctionBindings {
    /** The {@code Metadata.streambot.bundle} value that names the module's own bundle. */
    public static final String SELF = "self";

    private static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";
    private static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
    private static final Set<String> FUNCTION_TYPES = Set.of(LAMBDA_FUNCTION, SERVERLESS_FUNCTION);

    /**
     * A function of the template and the bundle it runs.
     *
     * @param logicalId the function's logical id
     * @param stem the bundle's parameter stem: {@code ""} for the module's own bundle ({@code CodeKey}),
     *     {@code ReplayFn} for {@code CodeKeyReplayFn}; null when the code is not one of the build's bundles
     */
    public record Binding(String logicalId, String stem) {
        /** True when the function runs the module's own bundle ({@code Ref CodeKey}). */
        public boolean self() {
            return "".equals(stem);
        }

        /** The template parameter holding the bundle's S3 key: {@code CodeKey}, {@code CodeKeyReplayFn}. */
        public String keyParameter() {
            return stem == null ? null : TemplateParameters.CODE_KEY + stem;
        }
    }

    private FunctionBindings() {}

    /**
     * The parameter stem of a reactor module's bundle: the artifactId's letters and digits, each part
     * (split at anything else) capitalised: {@code replay-fn} is {@code ReplayFn}, {@code api_v2} is
     * {@code ApiV2}. The bundle's parameters are then {@code CodeBucketReplayFn}, {@code CodeKeyReplayFn},
     * {@code CodeVersionReplayFn}.
     */
    public static String stem(String artifactId) {
        StringBuilder s = new StringBuilder();
        for (String part : artifactId.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                s.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return s.toString();
    }

    /**
     * The functions of the template {@code deploy-stack} deploys ({@code explicit}, or the single one in
     * {@link TemplateSource#CONVENTION_DIRECTORY}) with their bundles, after the checks.
     *
     * @throws InvalidConfigurationException naming {@code <template>} when there is no template, or the
     *     resources and the fix when a check fails
     */
    public static Checked fromProject(Path baseDir, Path explicit, String artifactId) {
        Path file = TemplateSource.locate(baseDir, explicit);
        Path base = baseDir.toAbsolutePath().normalize();
        Path absolute = file.toAbsolutePath().normalize();
        String name = (absolute.startsWith(base) ? base.relativize(absolute) : absolute)
                .toString()
                .replace('\\', '/');
        StackTemplate template = TemplateSource.read(file);
        return new Checked(template, name, check(template, name, artifactId));
    }

    /** A template as the user knows it ({@code displayName}) and its functions' bindings. */
    public record Checked(StackTemplate template, String displayName, List<Binding> bindings) {
        public Checked {
            bindings = List.copyOf(bindings);
        }
    }

    /**
     * The functions of {@code template} with their bundles, in template order, after the checks.
     *
     * @param displayName the template as the user knows it, for messages
     * @param artifactId the module's artifactId ({@code Metadata} may name the own bundle by it), or null
     * @throws InvalidConfigurationException naming the resources and the fix when a check fails
     */
    public static List<Binding> check(StackTemplate template, String displayName, String artifactId) {
        List<Binding> bindings = new ArrayList<>();
        Map<String, String> functionNames = new LinkedHashMap<>();
        for (StackTemplate.Resource r : template.resources().values()) {
            if (!FUNCTION_TYPES.contains(r.type())) {
                continue;
            }
            String where = "resource " + r.logicalId() + " in " + displayName;
            String name = template.plainString("Resources", r.logicalId(), "Properties", "FunctionName");
            if (name != null) {
                String earlier = functionNames.putIfAbsent(name, r.logicalId());
                if (earlier != null) {
                    throw new InvalidConfigurationException(
                            "FunctionName of " + where,
                            null,
                            name,
                            "is also the FunctionName of resource " + earlier
                                    + " (a function name is unique in an account and region)",
                            "give each function its own FunctionName, or remove FunctionName and let"
                                    + " CloudFormation name them");
                }
            }
            bindings.add(new Binding(r.logicalId(), bundleOf(template, r, where, artifactId)));
        }
        return List.copyOf(bindings);
    }

    /**
     * Refuses, before any call, a bundle that no function of the template uses: a template parameter
     * {@code CodeKey<Stem>} or {@code CodeBucket<Stem>} no function's {@code Code} refers to, or a reactor
     * module this module depends on ({@code reactorBundles}: its bundle is built for this stack) that no
     * function runs. Each message names the parameter or the module and the fix.
     *
     * @param reactorBundles the artifactIds of the reactor modules with a bundle ({@code lambda} packaging)
     *     this module depends on; empty outside a reactor
     * @throws InvalidConfigurationException naming the unused bundle and the fix
     */
    public static void checkEveryBundleUsed(
            StackTemplate template, String displayName, List<Binding> bindings, Collection<String> reactorBundles) {
        Set<String> used = new HashSet<>();
        bindings.forEach(b -> used.add(b.stem()));
        for (String parameter : template.parameters().keySet()) {
            String stem = parameter.startsWith(TemplateParameters.CODE_KEY)
                    ? refStem(TextNode.valueOf(parameter), TemplateParameters.CODE_KEY)
                    : refStem(TextNode.valueOf(parameter), TemplateParameters.CODE_BUCKET);
            if (stem == null || stem.isEmpty() || used.contains(stem)) {
                continue;
            }
            throw new InvalidConfigurationException(
                    "Parameter " + parameter + " of " + displayName,
                    null,
                    null,
                    "declares the code of a bundle (stem " + stem + ") that no function uses: no function's Code"
                            + " refers to " + TemplateParameters.CODE_KEY + stem,
                    "bind a function to it with Code {\"S3Bucket\": {\"Ref\": \"" + TemplateParameters.CODE_BUCKET
                            + stem + "\"}, \"S3Key\": {\"Ref\": \"" + TemplateParameters.CODE_KEY + stem
                            + "\"}}, or remove the parameter");
        }
        for (String artifactId : reactorBundles) {
            String stem = stem(artifactId);
            if (used.contains(stem)) {
                continue;
            }
            throw new InvalidConfigurationException(
                    "<dependency> on module " + artifactId,
                    null,
                    null,
                    "brings a bundle that no function of " + displayName + " uses: no function's Code refers to "
                            + TemplateParameters.CODE_KEY + stem,
                    "bind a function to it with Code {\"S3Bucket\": {\"Ref\": \"" + TemplateParameters.CODE_BUCKET
                            + stem + "\"}, \"S3Key\": {\"Ref\": \"" + TemplateParameters.CODE_KEY + stem
                            + "\"}} (and declare both parameters), or remove the <dependency> on " + artifactId);
        }
    }

    private static String bundleOf(StackTemplate template, StackTemplate.Resource r, String where, String artifactId) {
        boolean serverless = SERVERLESS_FUNCTION.equals(r.type());
        String metadataStem = metadataStem(r, template, where, artifactId);
        JsonNode code =
                serverless ? serverlessCode(template, r) : r.properties().path("Code");
        String selfCode = "{\"S3Bucket\": {\"Ref\": \"CodeBucket\"}, \"S3Key\": {\"Ref\": \"CodeKey\"}}";
        if (code.isMissingNode() || code.isNull()) {
            String fix = metadataStem == null || metadataStem.isEmpty()
                    ? selfCode + " for the module's own bundle"
                    : "{\"S3Bucket\": {\"Ref\": \"CodeBucket" + metadataStem + "\"}, \"S3Key\": {\"Ref\": \"CodeKey"
                            + metadataStem + "\"}} for the bundle its Metadata names";
            throw new InvalidConfigurationException(
                    (serverless ? "CodeUri" : "Code") + " of " + where,
                    null,
                    null,
                    "is missing: the function has no code",
                    "set " + (serverless ? "CodeUri to {\"Bucket\": .., \"Key\": ..} as " : "Code to ") + fix);
        }
        String bucketField = serverless ? "Bucket" : "S3Bucket";
        String keyField = serverless ? "Key" : "S3Key";
        String bucketStem = refStem(code.path(bucketField), TemplateParameters.CODE_BUCKET);
        String keyStem = refStem(code.path(keyField), TemplateParameters.CODE_KEY);
        if (bucketStem != null && keyStem != null && !bucketStem.equals(keyStem)) {
            throw new InvalidConfigurationException(
                    keyField + " of " + where,
                    null,
                    TemplateParameters.CODE_KEY + keyStem,
                    "names another bundle than its " + bucketField + " (" + TemplateParameters.CODE_BUCKET + bucketStem
                            + "): the function is bound to two bundles",
                    "refer to one bundle's pair, such as " + TemplateParameters.CODE_BUCKET + keyStem + " and "
                            + TemplateParameters.CODE_KEY + keyStem);
        }
        String codeStem = keyStem != null ? keyStem : bucketStem;
        if (metadataStem != null && codeStem != null && !metadataStem.equals(codeStem)) {
            throw new InvalidConfigurationException(
                    "Metadata.streambot.bundle of " + where,
                    null,
                    metadataValue(template, r),
                    "names another bundle than its " + (serverless ? "CodeUri" : "Code") + " ("
                            + TemplateParameters.CODE_KEY + codeStem + "): the function is bound to two bundles",
                    "make them agree: " + TemplateParameters.CODE_KEY + metadataStem
                            + " in Code for the bundle Metadata names, or remove Metadata.streambot.bundle");
        }
        if (metadataStem != null && codeStem == null) {
            throw new InvalidConfigurationException(
                    "Metadata.streambot.bundle of " + where,
                    null,
                    metadataValue(template, r),
                    "names a bundle, but its " + (serverless ? "CodeUri" : "Code")
                            + " does not refer to that bundle's parameters: the function is bound to two bundles",
                    "set its " + keyField + " to {\"Ref\": \"" + TemplateParameters.CODE_KEY + metadataStem
                            + "\"} and its " + bucketField + " to {\"Ref\": \"" + TemplateParameters.CODE_BUCKET
                            + metadataStem + "\"}");
        }
        return codeStem;
    }

    /**
     * True when the function's {@code Code} ({@code CodeUri}) refers to another reactor module's bundle
     * ({@code Ref CodeKey<Stem>}): its handler is not in this module's bundle. Lenient: never throws.
     */
    static boolean runsAnotherBundle(StackTemplate template, StackTemplate.Resource r) {
        boolean serverless = SERVERLESS_FUNCTION.equals(r.type());
        JsonNode code =
                serverless ? serverlessCode(template, r) : r.properties().path("Code");
        String stem = refStem(code.path(serverless ? "Key" : "S3Key"), TemplateParameters.CODE_KEY);
        return stem != null && !stem.isEmpty();
    }

    /** CodeUri of a serverless function, or of Globals.Function. */
    private static JsonNode serverlessCode(StackTemplate template, StackTemplate.Resource r) {
        JsonNode own = r.properties().path("CodeUri");
        if (own.isMissingNode()) {
            own = r.properties().path("InlineCode");
        }
        if (own.isMissingNode()) {
            own = r.properties().path("ImageUri"); // a container image's code
        }
        if (own.isMissingNode()) {
            own = template.tree().path("Globals").path("Function").path("CodeUri");
        }
        return own;
    }

    private static String metadataValue(StackTemplate template, StackTemplate.Resource r) {
        return template.tree()
                .path("Resources")
                .path(r.logicalId())
                .path("Metadata")
                .path("streambot")
                .path("bundle")
                .asText(null);
    }

    /** The stem of the bundle Metadata names: "" for self, null when Metadata names none. */
    private static String metadataStem(
            StackTemplate.Resource r, StackTemplate template, String where, String artifactId) {
        JsonNode node = template.tree()
                .path("Resources")
                .path(r.logicalId())
                .path("Metadata")
                .path("streambot")
                .path("bundle");
        if (node.isMissingNode()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new InvalidConfigurationException(
                    "Metadata.streambot.bundle of " + where,
                    null,
                    node.toString(),
                    "is not a bundle's name",
                    "set it to 'self' (this module's bundle) or to the artifactId of the reactor module whose"
                            + " bundle the function runs");
        }
        String bundle = node.asText().trim();
        return SELF.equals(bundle) || bundle.equals(artifactId) ? "" : stem(bundle);
    }

    /**
     * The stem of a {@code Ref} to {@code prefix<Stem>} ({@code {"Ref": "CodeKeyApi"}} or YAML's
     * {@code !Ref CodeKeyApi}, read leniently as the plain text); null when it refers to nothing of ours.
     */
    static String refStem(JsonNode node, String prefix) {
        String name = node.isObject() ? node.path("Ref").asText(null) : node.isTextual() ? node.asText() : null;
        if (name == null || !name.startsWith(prefix)) {
            return null;
        }
        String stem = name.substring(prefix.length());
        return stem.isEmpty() || Character.isUpperCase(stem.charAt(0)) || Character.isDigit(stem.charAt(0))
                ? stem
                : null;
    }
}

package io.streambot.core.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.streambot.core.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which dependency layer of the build ({@code bundle}'s {@code <layer>true</layer>}) each
 * {@code AWS::Lambda::LayerVersion} of a template publishes: the layer half of the code-binding convention.
 *
 * <p>A LayerVersion's {@code Content} refers to a layer of this build when its {@code S3Key} is
 * {@code {"Ref": "LayerKey"}} (this module's layer) or {@code {"Ref": "LayerKey<Stem>"}} (the layer of the
 * reactor module whose artifactId gives {@code <Stem>}, the same rule as {@code CodeKey<Stem>}:
 * {@link FunctionBindings#stem}). Its {@code S3Bucket} is {@code {"Ref": "LayerBucket[<Stem>]"}} or, since
 * {@code upload} puts layers in the code bucket, {@code {"Ref": "CodeBucket[<Stem>]"}}. {@code deploy-stack}
 * fills {@code LayerBucket<Stem>}, {@code LayerKey<Stem>} and, when declared, {@code LayerObjectVersion<Stem>}
 * (for {@code Content.S3ObjectVersion}) from that module's upload, with no hand-written parameter.
 *
 * <p>A layer's key is {@code <prefix>/layers/<sha256>.zip}: two modules with the same {@code lib/} upload one
 * object, and an unchanged layer keeps its key, so CloudFormation publishes no new version.
 */
public final class LayerBindings {
    public static final String LAYER_VERSION = "AWS::Lambda::LayerVersion";
    public static final String LAYER_BUCKET = "LayerBucket";
    public static final String LAYER_KEY = "LayerKey";
    public static final String LAYER_OBJECT_VERSION = "LayerObjectVersion";

    /**
     * A LayerVersion of the template and the layer of the build it publishes.
     *
     * @param stem {@code ""} for this module's layer ({@code LayerKey}), {@code ReplayFn} for
     *     {@code LayerKeyReplayFn}
     * @param codeBucket true when its {@code S3Bucket} is {@code Ref CodeBucket[<Stem>]} rather than
     *     {@code Ref LayerBucket[<Stem>]}
     */
    public record Binding(String logicalId, String stem, boolean codeBucket) {
        public String keyParameter() {
            return LAYER_KEY + stem;
        }

        public String bucketParameter() {
            return (codeBucket ? TemplateParameters.CODE_BUCKET : LAYER_BUCKET) + stem;
        }
    }

    private LayerBindings() {}

    /**
     * The LayerVersions of {@code template} that publish a layer of this build, in template order. A
     * LayerVersion whose {@code Content} is plain values is not one of the build's and is left alone.
     *
     * @throws InvalidConfigurationException naming the resource when its {@code S3Bucket} and {@code S3Key}
     *     name two modules' layers
     */
    public static List<Binding> of(StackTemplate template, String displayName) {
        List<Binding> bindings = new ArrayList<>();
        for (StackTemplate.Resource r : template.resources().values()) {
            if (!LAYER_VERSION.equals(r.type())) {
                continue;
            }
            JsonNode content = r.properties().path("Content");
            String keyStem = FunctionBindings.refStem(content.path("S3Key"), LAYER_KEY);
            if (keyStem == null) {
                continue;
            }
            String layerBucket = FunctionBindings.refStem(content.path("S3Bucket"), LAYER_BUCKET);
            String codeBucket = FunctionBindings.refStem(content.path("S3Bucket"), TemplateParameters.CODE_BUCKET);
            String bucketStem = layerBucket != null ? layerBucket : codeBucket;
            if (bucketStem != null && !bucketStem.equals(keyStem)) {
                throw new InvalidConfigurationException(
                        "Content.S3Bucket of resource " + r.logicalId() + " in " + displayName,
                        null,
                        (layerBucket != null ? LAYER_BUCKET : TemplateParameters.CODE_BUCKET) + bucketStem,
                        "names another module than its S3Key (" + LAYER_KEY + keyStem + "): the layer is bound to"
                                + " two modules' layers",
                        "refer to one module: {\"S3Bucket\": {\"Ref\": \"" + LAYER_BUCKET + keyStem
                                + "\"}, \"S3Key\": {\"Ref\": \"" + LAYER_KEY + keyStem + "\"}}");
            }
            bindings.add(new Binding(r.logicalId(), keyStem, layerBucket == null && codeBucket != null));
        }
        return List.copyOf(bindings);
    }

    /**
     * The values of the layer parameters the template declares, in template order.
     *
     * @param given parameter values the user set: a layer whose {@code LayerKey<Stem>} is given there is not
     *     looked up
     * @param alreadyFilled parameters filled otherwise (the code parameters): not overwritten
     * @param uploadedLayer where the module with the given stem ({@code ""}: this module) uploaded its layer, or
     *     null when it has not
     * @throws InvalidConfigurationException naming the LayerVersion and the fix when a layer has no upload
     */
    public static Map<String, String> parameters(
            StackTemplate template,
            String displayName,
            List<Binding> bindings,
            Map<String, String> given,
            Map<String, String> alreadyFilled,
            Function<String, CodeLocation> uploadedLayer) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Binding b : bindings) {
            if (given.containsKey(b.keyParameter()) || values.containsKey(b.keyParameter())) {
                continue;
            }
            CodeLocation layer = uploadedLayer.apply(b.stem());
            if (layer == null) {
                String module =
                        b.stem().isEmpty() ? "this module" : "the reactor module whose artifactId gives " + b.stem();
                throw new InvalidConfigurationException(
                        "Content of resource " + b.logicalId() + " in " + displayName,
                        null,
                        b.keyParameter(),
                        "refers to the dependency layer of " + module + ", and it has uploaded none",
                        "bundle " + (b.stem().isEmpty() ? "it" : "that module")
                                + " with <layer>true</layer> (-Dstreambot.layer=true) and run its upload first"
                                + " (mvn deploy from the reactor's root does), or set -Dstreambot.parameter."
                                + b.keyParameter() + " and -Dstreambot.parameter." + b.bucketParameter());
            }
            put(values, template, given, alreadyFilled, b.bucketParameter(), layer.bucket());
            put(values, template, given, alreadyFilled, b.keyParameter(), layer.key());
            if (layer.version() != null) {
                put(values, template, given, alreadyFilled, LAYER_OBJECT_VERSION + b.stem(), layer.version());
            }
        }
        return values;
    }

    private static void put(
            Map<String, String> values,
            StackTemplate template,
            Map<String, String> given,
            Map<String, String> alreadyFilled,
            String name,
            String value) {
        if (template.parameters().containsKey(name) && !given.containsKey(name) && !alreadyFilled.containsKey(name)) {
            values.put(name, value);
        }
    }
}

package io.streambot.core.stack;

import io.streambot.core.InvalidConfigurationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The code parameters of the reactor modules' bundles a template's functions run ({@link FunctionBindings}):
 * {@code CodeBucket<Stem>}, {@code CodeKey<Stem>} and, when the template declares it, {@code CodeVersion<Stem>},
 * filled from where each module's {@code upload} put its bundle. The module's own bundle ({@code CodeKey}) is
 * filled as before, by {@link TemplateParameters}.
 */
public final class BundleParameters {
    private BundleParameters() {}

    /**
     * The values of the per-bundle code parameters, in template order.
     *
     * @param given parameter values the user set (pom {@code <parameters>}, {@code -Dstreambot.parameter.*}):
     *     a bundle whose {@code CodeKey<Stem>} is given there is not looked up
     * @param uploaded the upload of the reactor module with the given stem, or null when no module of the
     *     reactor has that stem or it has not uploaded
     * @throws InvalidConfigurationException naming the function and the fix when a bundle has no upload
     */
    public static Map<String, String> of(
            StackTemplate template,
            String displayName,
            List<FunctionBindings.Binding> bindings,
            Map<String, String> given,
            Function<String, CodeLocation> uploaded) {
        Map<String, String> values = new LinkedHashMap<>();
        for (FunctionBindings.Binding b : bindings) {
            if (b.stem() == null
                    || b.self()
                    || given.containsKey(b.keyParameter())
                    || values.containsKey(b.keyParameter())) {
                continue;
            }
            CodeLocation code = uploaded.apply(b.stem());
            if (code == null) {
                throw new InvalidConfigurationException(
                        "Code of resource " + b.logicalId() + " in " + displayName,
                        null,
                        b.keyParameter(),
                        "refers to the bundle of a reactor module whose artifactId gives " + b.stem()
                                + ", and no module of this build has uploaded one",
                        "run the build from the reactor's root (mvn deploy runs each module's upload first, and"
                                + " the stack module must come after the function modules: depend on them), or set"
                                + " -Dstreambot.parameter." + b.keyParameter() + " and -Dstreambot.parameter."
                                + TemplateParameters.CODE_BUCKET + b.stem());
            }
            put(values, template, TemplateParameters.CODE_BUCKET + b.stem(), code.bucket());
            put(values, template, b.keyParameter(), code.key());
            if (code.version() != null) {
                put(values, template, TemplateParameters.CODE_VERSION + b.stem(), code.version());
            }
        }
        return values;
    }

    private static void put(Map<String, String> values, StackTemplate template, String name, String value) {
        if (template.parameters().containsKey(name)) {
            values.put(name, value);
        }
    }
}

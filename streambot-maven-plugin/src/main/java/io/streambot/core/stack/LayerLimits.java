package io.streambot.core.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.bundle.BundleRequest;
import io.streambot.core.bundle.LayerReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lambda's limits on a function's layers, checked before any upload or call, each refusal naming the
 * function, the template and the fix:
 *
 * <ul>
 *   <li>at most {@value #MAX_LAYERS} layers per function;
 *   <li>the function's zip and its layers at most {@link BundleRequest#LAMBDA_UNZIPPED_LIMIT} bytes unzipped
 *       together: the sizes of the bundles and layers built in this reactor are known; a layer given by ARN
 *       (or any value that is not a {@code Ref} to a LayerVersion of a layer built here) is not counted;
 *   <li>a LayerVersion's {@code CompatibleArchitectures}, when set, includes the function's
 *       {@code Architectures} (default {@code x86_64}), and a layer built here was bundled for that
 *       architecture (its native code was made for it);
 *   <li>a function whose bundle was built with {@code <layer>true</layer>} lists a LayerVersion that carries
 *       that bundle's jars (the same layer content): without it the function fails with
 *       {@code ClassNotFoundException} on Lambda.
 * </ul>
 */
public final class LayerLimits {
    /** Lambda's limit on the layers of one function. */
    public static final int MAX_LAYERS = 5;

    private static final String DEFAULT_ARCHITECTURE = "x86_64";
    private static final Set<String> FUNCTION_TYPES = Set.of("AWS::Lambda::Function", "AWS::Serverless::Function");

    /**
     * What this reactor built for one module: its function zip's unzipped size, and its layer.
     *
     * @param functionUnzippedBytes the function zip's unzipped size, or -1 when unknown
     * @param layer the module's layer, or null when it bundles without one
     */
    public record BuiltBundle(long functionUnzippedBytes, LayerReport layer) {}

    private LayerLimits() {}

    /**
     * @param functions the template's functions and the bundles they run ({@link FunctionBindings})
     * @param layers the template's LayerVersions of this build's layers ({@link LayerBindings})
     * @param built what the module with the given stem ({@code ""}: this module) built, or null when unknown
     * @throws InvalidConfigurationException at the first function beyond a limit
     */
    public static void check(
            StackTemplate template,
            String displayName,
            List<FunctionBindings.Binding> functions,
            List<LayerBindings.Binding> layers,
            Function<String, BuiltBundle> built) {
        Map<String, LayerBindings.Binding> layerById =
                layers.stream().collect(Collectors.toMap(LayerBindings.Binding::logicalId, l -> l));
        Map<String, String> bundleOf = new HashMap<>();
        functions.forEach(f -> {
            if (f.stem() != null) {
                bundleOf.put(f.logicalId(), f.stem());
            }
        });
        for (StackTemplate.Resource r : template.resources().values()) {
            if (FUNCTION_TYPES.contains(r.type())) {
                checkFunction(template, displayName, r, bundleOf.get(r.logicalId()), layerById, built);
            }
        }
    }

    private static void checkFunction(
            StackTemplate template,
            String displayName,
            StackTemplate.Resource function,
            String bundleStem,
            Map<String, LayerBindings.Binding> layerById,
            Function<String, BuiltBundle> built) {
        String where = "resource " + function.logicalId() + " in " + displayName;
        JsonNode listed = function.properties().path("Layers");
        List<JsonNode> entries = new ArrayList<>();
        if (listed.isArray()) {
            listed.forEach(entries::add);
        }
        if (listed.isArray() && entries.size() > MAX_LAYERS) {
            throw new InvalidConfigurationException(
                    "Layers of " + where,
                    null,
                    entries.size() + " layers",
                    "are more than Lambda's limit of " + MAX_LAYERS + " layers per function",
                    "merge layers (bundle the modules that share dependencies with one <layer>true</layer> layer),"
                            + " or move dependencies back into the function zip");
        }
        String architecture = architecture(function);
        BuiltBundle own = bundleStem == null ? null : built.apply(bundleStem);
        long unzipped = own == null ? -1 : own.functionUnzippedBytes();
        List<String> counted = new ArrayList<>();
        boolean carriesOwnLayer = false;
        for (JsonNode entry : entries) {
            // {"Ref": "Deps"}, or YAML's !Ref Deps read leniently as the plain text (an ARN names no resource)
            String ref = entry.isObject() ? entry.path("Ref").asText(null) : entry.isTextual() ? entry.asText() : null;
            StackTemplate.Resource layerVersion =
                    ref == null ? null : template.resources().get(ref);
            if (layerVersion == null || !LayerBindings.LAYER_VERSION.equals(layerVersion.type())) {
                continue; // an ARN or another expression: neither its size nor its architectures are known here
            }
            List<String> compatible = plainList(layerVersion.properties().path("CompatibleArchitectures"));
            if (compatible != null && !compatible.contains(architecture)) {
                throw new InvalidConfigurationException(
                        "Layers of " + where,
                        null,
                        ref,
                        "is a layer for " + String.join(", ", compatible) + " (its CompatibleArchitectures), and the"
                                + " function runs on " + architecture,
                        "add " + architecture + " to CompatibleArchitectures of resource " + ref
                                + " (when its jars hold no native code for another architecture), or set the"
                                + " function's Architectures to [" + compatible.get(0) + "]");
            }
            LayerBindings.Binding binding = layerById.get(ref);
            if (binding != null && binding.stem().equals(bundleStem)) {
                carriesOwnLayer = true;
            }
            BuiltBundle layerModule = binding == null ? null : built.apply(binding.stem());
            LayerReport report = layerModule == null ? null : layerModule.layer();
            if (report == null) {
                continue;
            }
            if (!report.architecture().equals(architecture)) {
                throw new InvalidConfigurationException(
                        "Layers of " + where,
                        null,
                        ref,
                        "is the layer of " + module(binding.stem()) + ", bundled for " + report.architecture()
                                + ", and the function runs on " + architecture,
                        "bundle that module with <architecture>" + architecture
                                + "</architecture>, or set the function's Architectures to [" + report.architecture()
                                + "]");
            }
            if (own != null && own.layer() != null && own.layer().sha256().equals(report.sha256())) {
                carriesOwnLayer = true;
            }
            if (unzipped >= 0) {
                unzipped += report.unzippedBytes();
                counted.add(ref + " " + mb(report.unzippedBytes()));
            }
        }
        if (unzipped > BundleRequest.LAMBDA_UNZIPPED_LIMIT) {
            throw new InvalidConfigurationException(
                    "Layers of " + where,
                    null,
                    mb(unzipped) + " unzipped",
                    "is above Lambda's limit of " + mb(BundleRequest.LAMBDA_UNZIPPED_LIMIT) + " for a function and"
                            + " its layers together (function zip " + mb(own.functionUnzippedBytes())
                            + (counted.isEmpty() ? "" : ", " + String.join(", ", counted)) + ")",
                    "exclude dependencies the function does not use, split the function, or ship it as a"
                            + " container image");
        }
        if (own != null && own.layer() != null && !carriesOwnLayer) {
            String stemOfLayer = bundleStem;
            throw new InvalidConfigurationException(
                    "Layers of " + where,
                    null,
                    entries.isEmpty() ? null : listed.toString(),
                    "lists no LayerVersion carrying the jars of " + module(bundleStem)
                            + ", which bundles with <layer>true</layer>: its zip holds no lib/, and the function"
                            + " would fail with ClassNotFoundException on Lambda",
                    "declare an AWS::Lambda::LayerVersion with \"Content\": {\"S3Bucket\": {\"Ref\": \""
                            + LayerBindings.LAYER_BUCKET + stemOfLayer + "\"}, \"S3Key\": {\"Ref\": \""
                            + LayerBindings.LAYER_KEY + stemOfLayer + "\"}} and add {\"Ref\": \"<its logical id>\"}"
                            + " to the function's Layers, or bundle without <layer>");
        }
    }

    /**
     * {@link #check} on the project's template ({@code explicit}, else the single one of
     * {@link TemplateSource#CONVENTION_DIRECTORY}); nothing to check when the project has none.
     */
    public static void checkProject(
            Path baseDir, Path explicit, String artifactId, Events events, Function<String, BuiltBundle> built) {
        Optional<Path> file = TemplateSource.locateForChecks(baseDir, explicit, events, "layer limits");
        if (file.isEmpty()) {
            return;
        }
        StackTemplate template = TemplateSource.read(file.get());
        Path base = baseDir.toAbsolutePath().normalize();
        Path absolute = file.get().toAbsolutePath().normalize();
        String name = (absolute.startsWith(base) ? base.relativize(absolute) : absolute)
                .toString()
                .replace('\\', '/');
        check(
                template,
                name,
                FunctionBindings.check(template, name, artifactId),
                LayerBindings.of(template, name),
                built);
    }

    private static String module(String stem) {
        return stem.isEmpty() ? "this module" : "the reactor module " + stem;
    }

    /** The function's architecture: its {@code Architectures}' single plain value, else Lambda's default. */
    private static String architecture(StackTemplate.Resource function) {
        List<String> values = plainList(function.properties().path("Architectures"));
        return values == null || values.isEmpty() ? DEFAULT_ARCHITECTURE : values.get(0);
    }

    /** A list of plain strings, or null when absent or not plain (a parameter, a condition). */
    private static List<String> plainList(JsonNode node) {
        if (!node.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : node) {
            if (!v.isTextual()) {
                return null;
            }
            values.add(v.asText().toLowerCase(Locale.ROOT).replace('-', '_'));
        }
        return values;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}

package io.streambot.core.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Java functions a template declares, with what the local checks need of each: its handler, its
 * {@code Runtime} and its {@code Architectures} (for a serverless function, with {@code Globals.Function}'s
 * as defaults). A function whose code is another reactor module's bundle ({@code Ref CodeKey<Stem>},
 * see {@link FunctionBindings}) is left out: that module's checks cover it. A value written as an intrinsic function (a {@code Ref}, an {@code Fn::If}) is not known
 * here and is left out.
 */
public final class FunctionDeclarations {
    private static final Set<String> FUNCTION_TYPES = Set.of("AWS::Lambda::Function", "AWS::Serverless::Function");
    private static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";

    /**
     * One Java function of a template.
     *
     * @param template the template file, as the user knows it
     * @param logicalId the function resource's logical id
     * @param handler its {@code Handler}, or null when not a plain string
     * @param runtime its {@code Runtime} ({@code java21}), or null when absent or not a plain string
     * @param architectures its {@code Architectures}; {@code [x86_64]} (Lambda's default) when absent, empty
     *     when not plain strings
     */
    public record FunctionDeclaration(
            String template, String logicalId, String handler, String runtime, List<String> architectures) {
        public FunctionDeclaration {
            architectures = List.copyOf(architectures);
        }

        /** For messages: {@code resource Ingest in src/main/cloudformation/service.yaml}. */
        public String where() {
            return "resource " + logicalId + " in " + template;
        }

        /** The Java feature version of the runtime ({@code java21} is 21, {@code java8.al2} is 8), or 0 when unknown. */
        public int javaVersion() {
            return javaVersion(runtime);
        }

        /** The Java feature version of a Lambda runtime name, or 0 when it is not one. */
        public static int javaVersion(String runtime) {
            if (runtime == null) {
                return 0;
            }
            String digits =
                    runtime.toLowerCase(Locale.ROOT).replaceFirst("^java", "").replaceFirst("\\..*$", "");
            try {
                return runtime.toLowerCase(Locale.ROOT).startsWith("java") ? Integer.parseInt(digits) : 0;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    private FunctionDeclarations() {}

    /**
     * The Java functions of the project's template, found as {@code deploy-stack} finds it; none when the
     * project has no template (or several) and none is configured.
     *
     * @throws InvalidConfigurationException naming {@code <template>} when {@code explicit} is not a file
     */
    public static List<FunctionDeclaration> fromProject(Path baseDir, Path explicit, Events events) {
        Path file = TemplateSource.locateForChecks(baseDir, explicit, events, "functions")
                .orElse(null);
        if (file == null) {
            return List.of();
        }
        Path base = baseDir.toAbsolutePath().normalize();
        Path absolute = file.toAbsolutePath().normalize();
        String name = (absolute.startsWith(base) ? base.relativize(absolute) : absolute)
                .toString()
                .replace('\\', '/');
        return of(TemplateSource.read(file), name);
    }

    /** The Java functions (a Java runtime, or none given) of {@code template}, in template order. */
    public static List<FunctionDeclaration> of(StackTemplate template, String displayName) {
        List<FunctionDeclaration> functions = new ArrayList<>();
        for (StackTemplate.Resource resource : template.resources().values()) {
            if (!FUNCTION_TYPES.contains(resource.type())
                    || !resource.properties().path("PackageType").asText("Zip").equals("Zip")
                    || FunctionBindings.runsAnotherBundle(template, resource)) {
                continue; // a container image, or another reactor module's bundle (checked by that module)
            }
            JsonNode runtimeNode = declaration(template, resource, "Runtime");
            String runtime = runtimeNode.isMissingNode() ? null : plain(template, resource, "Runtime");
            if (!runtimeNode.isMissingNode()
                    && (runtime == null || !runtime.toLowerCase(Locale.ROOT).startsWith("java"))) {
                continue; // another language's function, or a runtime only CloudFormation knows
            }
            JsonNode archNode = declaration(template, resource, "Architectures");
            List<String> architectures = new ArrayList<>();
            if (archNode.isMissingNode()) {
                architectures.add("x86_64");
            } else if (archNode.isArray()) {
                for (JsonNode a : archNode) {
                    if (!a.isTextual()) {
                        architectures.clear();
                        break;
                    }
                    architectures.add(a.asText());
                }
            }
            functions.add(new FunctionDeclaration(
                    displayName, resource.logicalId(), plain(template, resource, "Handler"), runtime, architectures));
        }
        return List.copyOf(functions);
    }

    /** A plain-string property (not an intrinsic function, not a YAML short-form tag), or null. */
    private static String plain(StackTemplate template, StackTemplate.Resource resource, String name) {
        if (!resource.properties().path(name).isMissingNode() || !SERVERLESS_FUNCTION.equals(resource.type())) {
            return template.plainString("Resources", resource.logicalId(), "Properties", name);
        }
        return template.plainString("Globals", "Function", name);
    }

    private static JsonNode declaration(StackTemplate template, StackTemplate.Resource resource, String name) {
        JsonNode own = resource.properties().path(name);
        return own.isMissingNode() && SERVERLESS_FUNCTION.equals(resource.type())
                ? template.tree().path("Globals").path("Function").path(name)
                : own;
    }
}

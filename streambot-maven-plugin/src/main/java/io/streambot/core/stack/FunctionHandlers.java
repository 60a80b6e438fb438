package io.streambot.core.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The handlers of the Java functions a template declares whose code is this module's bundle (a function
 * whose {@code Code} refers to another reactor module's bundle, {@code Ref CodeKey<Stem>}, is left out;
 * see {@link FunctionBindings}): the {@code Handler} of each
 * {@code AWS::Lambda::Function} and {@code AWS::Serverless::Function} whose {@code Runtime} is a Java
 * runtime or absent, when it is a plain string (an intrinsic function's value only CloudFormation knows).
 */
public final class FunctionHandlers {
    private static final Set<String> FUNCTION_TYPES = Set.of("AWS::Lambda::Function", "AWS::Serverless::Function");
    private static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";

    private FunctionHandlers() {}

    /**
     * The Java handlers of the project's template, found as {@code deploy-stack} finds it: {@code explicit}
     * when given, otherwise the single template in {@link TemplateSource#CONVENTION_DIRECTORY}. A project
     * with no template there, or several, has none (reported at debug level).
     *
     * @throws InvalidConfigurationException naming {@code <template>} when {@code explicit} is not a file, or
     *     when the template is not a template
     */
    public static List<FunctionHandler> fromProject(Path baseDir, Path explicit, Events events) {
        Path file = TemplateSource.locateForChecks(baseDir, explicit, events, "handlers")
                .orElse(null);
        if (file == null) {
            return List.of();
        }
        return of(TemplateSource.read(file), displayName(baseDir, file));
    }

    /** The Java handlers {@code template} declares, in template order; {@code displayName} names it in messages. */
    public static List<FunctionHandler> of(StackTemplate template, String displayName) {
        List<FunctionHandler> handlers = new ArrayList<>();
        for (StackTemplate.Resource resource : template.resources().values()) {
            if (!FUNCTION_TYPES.contains(resource.type()) || FunctionBindings.runsAnotherBundle(template, resource)) {
                continue; // not a function, or one whose code is another reactor module's bundle
            }
            if (isJavaRuntime(template, resource)) {
                String handler = property(template, resource, "Handler");
                if (handler != null) {
                    handlers.add(new FunctionHandler(displayName, resource.logicalId(), handler));
                }
            }
        }
        return List.copyOf(handlers);
    }

    /**
     * The handler to run when none is configured: the template's only Java handler.
     *
     * @throws InvalidConfigurationException naming {@code <handler>} when there is none or several
     */
    public static FunctionHandler single(List<FunctionHandler> handlers, String element, String property) {
        if (handlers.size() == 1) {
            return handlers.get(0);
        }
        if (handlers.isEmpty()) {
            throw new InvalidConfigurationException(
                    element,
                    property,
                    null,
                    "is not set, and no template (<template>, or the single one in "
                            + TemplateSource.CONVENTION_DIRECTORY + "/) declares a Java function's Handler",
                    "set it to the function's handler, such as com.example.Ingest::handleRequest");
        }
        throw new InvalidConfigurationException(
                element,
                property,
                null,
                "is not set and " + handlers.get(0).template() + " declares several Java function handlers: "
                        + handlers.stream().map(FunctionHandler::toString).collect(Collectors.joining(", ")),
                "choose one with -D" + property + "=" + handlers.get(0).handler() + " (or set " + element + ")");
    }

    /** A Java runtime ({@code java17}, {@code java8.al2}), or none; an intrinsic runtime is not known here. */
    private static boolean isJavaRuntime(StackTemplate template, StackTemplate.Resource resource) {
        if (!resource.properties().path("PackageType").asText("Zip").equals("Zip")) {
            return false; // a container image has no handler in a zip
        }
        if (declaration(template, resource, "Runtime").isMissingNode()) {
            return true;
        }
        String runtime = property(template, resource, "Runtime");
        return runtime != null && runtime.toLowerCase(Locale.ROOT).startsWith("java");
    }

    /** A plain-string property of the resource, or for a serverless function of {@code Globals.Function}. */
    private static String property(StackTemplate template, StackTemplate.Resource resource, String name) {
        if (!resource.properties().path(name).isMissingNode() || !isServerless(resource)) {
            return template.plainString("Resources", resource.logicalId(), "Properties", name);
        }
        return template.plainString("Globals", "Function", name);
    }

    private static JsonNode declaration(StackTemplate template, StackTemplate.Resource resource, String name) {
        JsonNode own = resource.properties().path(name);
        return own.isMissingNode() && isServerless(resource)
                ? template.tree().path("Globals").path("Function").path(name)
                : own;
    }

    private static boolean isServerless(StackTemplate.Resource resource) {
        return SERVERLESS_FUNCTION.equals(resource.type());
    }

    private static String displayName(Path baseDir, Path file) {
        Path base = baseDir.toAbsolutePath().normalize();
        Path absolute = file.toAbsolutePath().normalize();
        return (absolute.startsWith(base) ? base.relativize(absolute) : absolute)
                .toString()
                .replace('\\', '/');
    }
}

package io.streambot.core.bundle;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.stack.FunctionHandler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything one bundle depends on. Validated by {@link #validate()} before anything is written.
 *
 * @param classesDirectory the function's compiled classes and resources (may be missing: a function made of
 *     dependencies only)
 * @param dependencies the runtime dependencies, resolved to files
 * @param handler {@code com.example.Handler::handleRequest}, a class name, or null for no check
 * @param runtimeVersion the version of {@code io.streambot:streambot-runtime} to add when needed
 * @param zipFile where the zip goes
 * @param workDirectory where stripped jars, the fingerprint and the report go ({@code target/streambot})
 * @param timestamp the time every entry carries
 * @param maxUnzippedBytes the build fails above this unzipped size (Lambda's limit: 262,144,000)
 * @param warnUnzippedBytes a warning above this unzipped size
 * @param warnZippedBytes a warning above this zip size (the direct-upload limit: 50 MB)
 * @param templateHandlers the Java handlers the project's template declares, checked like {@code handler}
 *     (empty when {@code handler} is set, or there is no template)
 * @param layerZipFile where the dependency layer goes ({@code java/lib/*.jar}, Lambda's Java layer layout),
 *     the function zip then keeping only the function's own files; null to put the dependencies in the
 *     function zip's {@code lib/}
 */
public record BundleRequest(
        Path classesDirectory,
        List<BundleDependency> dependencies,
        Architecture architecture,
        boolean stripForeignNatives,
        List<NativeArtifactRule> nativeMappings,
        String handler,
        RuntimeInclusion includeRuntime,
        String runtimeVersion,
        Path zipFile,
        Path workDirectory,
        Instant timestamp,
        long maxUnzippedBytes,
        long warnUnzippedBytes,
        long warnZippedBytes,
        List<FunctionHandler> templateHandlers,
        Path layerZipFile) {

    /** Lambda's limit on a function's unzipped deployment package, in bytes. */
    public static final long LAMBDA_UNZIPPED_LIMIT = 262_144_000L;
    /** Lambda's limit on a zip uploaded directly (not through S3), in bytes. */
    public static final long LAMBDA_DIRECT_UPLOAD_LIMIT = 52_428_800L;

    public static final String RUNTIME_GROUP_ID = "io.streambot";
    public static final String RUNTIME_ARTIFACT_ID = "streambot-runtime";

    private static final String JAVA_NAME = "[\\p{L}_$][\\p{L}\\p{N}_$]*";

    /** When to add {@code io.streambot:streambot-runtime} to {@code lib/}. */
    public enum RuntimeInclusion {
        /** When the handler is a runtime class or the function's classes use the runtime. */
        AUTO,
        ALWAYS,
        NEVER;

        public static RuntimeInclusion parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new InvalidConfigurationException(
                        "<includeRuntime>",
                        "streambot.includeRuntime",
                        value,
                        "is not auto, always or never",
                        "use auto (add streambot-runtime when the function uses it), always or never");
            }
        }
    }

    public BundleRequest {
        dependencies = List.copyOf(dependencies);
        nativeMappings = List.copyOf(nativeMappings);
        templateHandlers = List.copyOf(templateHandlers);
    }

    /** A bundle without a layer: the dependencies go into the function zip's {@code lib/}. */
    public BundleRequest(
            Path classesDirectory,
            List<BundleDependency> dependencies,
            Architecture architecture,
            boolean stripForeignNatives,
            List<NativeArtifactRule> nativeMappings,
            String handler,
            RuntimeInclusion includeRuntime,
            String runtimeVersion,
            Path zipFile,
            Path workDirectory,
            Instant timestamp,
            long maxUnzippedBytes,
            long warnUnzippedBytes,
            long warnZippedBytes,
            List<FunctionHandler> templateHandlers) {
        this(
                classesDirectory,
                dependencies,
                architecture,
                stripForeignNatives,
                nativeMappings,
                handler,
                includeRuntime,
                runtimeVersion,
                zipFile,
                workDirectory,
                timestamp,
                maxUnzippedBytes,
                warnUnzippedBytes,
                warnZippedBytes,
                templateHandlers,
                null);
    }

    /** The same bundle with its dependencies in a layer zip at {@code layerZip} (null: none). */
    public BundleRequest withLayer(Path layerZip) {
        return new BundleRequest(
                classesDirectory,
                dependencies,
                architecture,
                stripForeignNatives,
                nativeMappings,
                handler,
                includeRuntime,
                runtimeVersion,
                zipFile,
                workDirectory,
                timestamp,
                maxUnzippedBytes,
                warnUnzippedBytes,
                warnZippedBytes,
                templateHandlers,
                layerZip);
    }

    /**
     * Reads {@code project.build.outputTimestamp} as Maven does: an ISO-8601 date-time, or seconds since
     * the epoch; unset (or a single character, Maven's way to turn it off) gives
     * {@link ReproducibleZip#DEFAULT_TIMESTAMP}.
     *
     * @throws InvalidConfigurationException naming the property when it is neither
     */
    public static Instant parseTimestamp(String value) {
        if (value == null || value.trim().length() < 2) {
            return ReproducibleZip.DEFAULT_TIMESTAMP;
        }
        String v = value.trim();
        try {
            if (v.matches("[0-9]+")) {
                return Instant.ofEpochSecond(Long.parseLong(v));
            }
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(
                    "<outputTimestamp>",
                    "project.build.outputTimestamp",
                    value,
                    "is not a date-time",
                    "use ISO-8601 with an offset, such as 2026-01-01T00:00:00Z, or seconds since the epoch");
        }
    }

    /** @throws InvalidConfigurationException naming the parameter and the fix */
    public BundleRequest validate() {
        if (handler != null && !isJavaHandler(handler)) {
            throw new InvalidConfigurationException(
                    "<handler>",
                    "streambot.handler",
                    handler,
                    "is not a Lambda Java handler",
                    "write it as com.example.Handler::handleRequest, or as the class name alone");
        }
        for (FunctionHandler declared : templateHandlers) {
            if (!isJavaHandler(declared.handler())) {
                throw new InvalidConfigurationException(
                        declared.source(),
                        null,
                        declared.handler(),
                        "is not a Lambda Java handler",
                        "write it as com.example.Handler::handleRequest, or as the class name alone");
            }
        }
        if (maxUnzippedBytes <= 0 || maxUnzippedBytes > LAMBDA_UNZIPPED_LIMIT) {
            throw new InvalidConfigurationException(
                    "<maxUnzippedBytes>",
                    "streambot.bundle.maxUnzippedBytes",
                    Long.toString(maxUnzippedBytes),
                    "is not between 1 and Lambda's limit",
                    "set it to at most " + LAMBDA_UNZIPPED_LIMIT + " bytes, or remove it to use that limit");
        }
        if (warnUnzippedBytes <= 0 || warnZippedBytes <= 0) {
            throw new InvalidConfigurationException(
                    warnUnzippedBytes <= 0 ? "<warnUnzippedBytes>" : "<warnZippedBytes>",
                    null,
                    Long.toString(Math.min(warnUnzippedBytes, warnZippedBytes)),
                    "is not a positive number of bytes",
                    "give a size in bytes, or remove it to use the default");
        }
        if (runtimeVersion == null && includeRuntime != RuntimeInclusion.NEVER) {
            throw new IllegalArgumentException("runtimeVersion is needed unless the runtime is never included");
        }
        return this;
    }

    /** Every handler to check against the bundle: the configured one, and those of the template. */
    List<String> handlers() {
        List<String> all = new ArrayList<>();
        if (handler != null) {
            all.add(handler);
        }
        templateHandlers.forEach(h -> all.add(h.handler()));
        return all;
    }

    private static boolean isJavaHandler(String text) {
        return text.matches(JAVA_NAME + "(\\." + JAVA_NAME + ")*(::" + JAVA_NAME + ")?");
    }

    /** The handler's class name. */
    static String handlerClass(String handler) {
        int sep = handler.indexOf("::");
        return sep < 0 ? handler : handler.substring(0, sep);
    }

    /** The handler's method: the one given, or {@code handleRequest} when only a class is named. */
    static String handlerMethod(String handler) {
        int sep = handler.indexOf("::");
        return sep < 0 ? "handleRequest" : handler.substring(sep + 2);
    }
}

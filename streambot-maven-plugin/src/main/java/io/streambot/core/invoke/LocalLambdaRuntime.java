package io.streambot.core.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.env.FunctionEnv;
import io.streambot.runtime.internal.RuntimeSettings;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs a bundled function locally as Lambda's Java runtime would: the zip is unzipped, and a fresh JVM
 * runs {@link io.streambot.core.invoke.harness.LambdaHarness}, which loads the handler from the zip's root and {@code lib/*.jar} only,
 * deserializes the event with Lambda's own serialization library, calls the handler with a context
 * that counts down from the timeout, and reports the output or the error. Nothing of the build's
 * class path reaches the function, so a class missing from the zip, a handler string that names
 * nothing, or a static initializer that fails shows up here as it would on Lambda.
 */
public final class LocalLambdaRuntime {
    /** How long the fresh JVM may take to start, on top of the function's timeout, before it is killed. */
    private static final Duration STARTUP_ALLOWANCE = Duration.ofSeconds(30);

    static final String LOCAL_CONFIG_FILE = "local-config.properties";

    /** The harness by name: it is compiled against Lambda's libraries, which the plugin's realm does not hold. */
    static final String HARNESS_CLASS = "io.streambot.core.invoke.harness.LambdaHarness";

    private static final String HARNESS_CLASS_FILE = HARNESS_CLASS.replace('.', '/') + ".class";
    private static final List<String> PASSED_ON =
            List.of("PATH", "HOME", "LANG", "JAVA_TOOL_OPTIONS", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY");
    /** The runtime's own settings, which its messages tell users to set: a build's value reaches the function. */
    private static final List<String> RUNTIME_SETTINGS =
            List.of("STREAMBOT_ENV_TABLE", "STREAMBOT_ENV_TTL", "STREAMBOT_ENV_MISSING");

    private static final List<String> BUILD_AWS_ENVIRONMENT = List.of(
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
            "AWS_CONFIG_FILE",
            "AWS_SHARED_CREDENTIALS_FILE");

    private final Events events;
    private final Path java;
    private final Map<String, String> buildEnvironment;
    private final List<Path> lambdaLibraries;
    private final List<Path> layers;

    /**
     * With this JVM's {@code java} and the process environment.
     *
     * @param lambdaLibraries the jars of {@link LambdaJavaLibraries}, put on the child JVM's class path
     */
    public LocalLambdaRuntime(Events events, List<Path> lambdaLibraries) {
        this(events, Path.of(System.getProperty("java.home"), "bin", "java"), System.getenv(), lambdaLibraries);
    }

    /** With another {@code java} (a JDK of the function's runtime, see {@link FunctionJvm}) and the process environment. */
    public LocalLambdaRuntime(Events events, Path java, List<Path> lambdaLibraries) {
        this(events, java, System.getenv(), lambdaLibraries);
    }

    LocalLambdaRuntime(Events events, Path java, Map<String, String> buildEnvironment, List<Path> lambdaLibraries) {
        this(events, java, buildEnvironment, lambdaLibraries, List.of());
    }

    private LocalLambdaRuntime(
            Events events,
            Path java,
            Map<String, String> buildEnvironment,
            List<Path> lambdaLibraries,
            List<Path> layers) {
        this.events = events;
        this.java = java;
        this.buildEnvironment = Map.copyOf(buildEnvironment);
        this.lambdaLibraries = List.copyOf(lambdaLibraries);
        this.layers = List.copyOf(layers);
    }

    /**
     * The same runtime with the function's layers: each zip is unzipped into one {@code opt} folder, as Lambda
     * extracts layers into {@code /opt}, and {@code opt/java/lib/*.jar} follow the zip's own class path, as
     * {@code /opt/java/lib} does on Lambda (a bundle built with {@code <layer>true</layer>} needs its layer).
     */
    public LocalLambdaRuntime withLayers(List<Path> layerZips) {
        return new LocalLambdaRuntime(events, java, buildEnvironment, lambdaLibraries, layerZips);
    }

    /**
     * Runs one invocation.
     *
     * @throws InvalidConfigurationException when the request is invalid or the event is not JSON, before
     *     anything runs
     * @throws UncheckedIOException when the zip cannot be unzipped or the JVM cannot be started
     */
    public InvokeResult invoke(InvokeRequest request) {
        request.validate();
        checkEventIsJson(request.event());
        long started = System.nanoTime();
        try {
            Path work = request.workDirectory();
            deleteRecursively(work);
            Path task = unzip(request.zip(), work.resolve("task"));
            Path opt = work.resolve("opt");
            for (Path layer : layers) {
                unzip(layer, opt);
            }
            Path runtime = writeHarness(work.resolve("runtime"));
            Path classPathFile = work.resolve("function-class-path.txt");
            List<Path> functionClassPath = functionClassPath(task, layers.isEmpty() ? null : opt);
            Files.write(
                    classPathFile,
                    functionClassPath.stream().map(Path::toString).toList());
            Path resultFile = work.resolve("result.json");
            if (request.localConfig() != null) {
                writeLocalConfig(request.localConfig(), work.resolve(LOCAL_CONFIG_FILE));
            }

            List<String> command = new ArrayList<>(List.of(
                    java.toString(),
                    "-Xmx" + request.memoryMb() + "m",
                    "-XX:+TieredCompilation",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    classPath(runtime),
                    HARNESS_CLASS,
                    request.handler().toString(),
                    request.event().toAbsolutePath().toString(),
                    resultFile.toString(),
                    classPathFile.toString(),
                    request.functionName(),
                    Long.toString(request.timeout().toMillis()),
                    Integer.toString(request.memoryMb())));
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(task.toFile()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(environment(request, task));

            events.info("Invoking " + request.handler() + " as function '" + request.functionName() + "' with "
                    + request.event().getFileName() + " (" + functionClassPath.size()
                    + " class path entries from the zip" + (layers.isEmpty() ? "" : " and its layers") + ", timeout "
                    + request.timeout().toSeconds() + " s)");
            Process process = builder.start();
            Thread logs = new Thread(() -> forwardLog(process.getInputStream()), "function-log");
            logs.setDaemon(true);
            logs.start();
            boolean exited =
                    process.waitFor(request.timeout().plus(STARTUP_ALLOWANCE).toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                // Whatever the function started goes too: nothing of the invocation outlives the goal.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            logs.join(TimeUnit.SECONDS.toMillis(5));
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            if (!exited) {
                return new InvokeResult(
                        false,
                        "",
                        "Sandbox.Timedout",
                        "Task timed out after " + request.timeout().toSeconds()
                                + " seconds (the JVM did not stop and was killed)",
                        List.of(),
                        false,
                        duration);
            }
            return result(process.exitValue(), resultFile, duration);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + request.zip() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + request.handler() + " ran", e);
        }
    }

    /** The function's environment: Lambda's variables, the runtime's, credentials, then the request's own. */
    Map<String, String> environment(InvokeRequest request, Path task) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : PASSED_ON) {
            if (buildEnvironment.containsKey(name)) {
                env.put(name, buildEnvironment.get(name));
            }
        }
        // The SDK's own endpoint settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3, ...): how a local run sends the
        // function's AWS calls to local services, as the same variables do for any SDK program.
        buildEnvironment.forEach((name, value) -> {
            if (name.startsWith("AWS_ENDPOINT_URL")) {
                env.put(name, value);
            }
        });
        for (String name : RUNTIME_SETTINGS) {
            if (buildEnvironment.containsKey(name)) {
                env.put(name, buildEnvironment.get(name));
            }
        }
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("_HANDLER", request.handler().toString());
        String region =
                request.region() == null || request.region().isBlank() ? InvokeRequest.LOCAL_REGION : request.region();
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_LAMBDA_FUNCTION_NAME", request.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(request.memoryMb()));
        if (request.envTable() != null && !request.envTable().isBlank()) {
            env.put("STREAMBOT_ENV_TABLE", request.envTable());
        }
        if (request.localConfig() != null) {
            // streambot-runtime serves this file instead of reading the config table.
            env.put(
                    RuntimeSettings.LOCAL_CONFIG_VARIABLE,
                    request.workDirectory()
                            .resolve(LOCAL_CONFIG_FILE)
                            .toAbsolutePath()
                            .toString());
        }
        if (request.endpoint() != null) {
            env.put("STREAMBOT_ENDPOINT", request.endpoint().toString());
            env.put("AWS_ENDPOINT_URL", request.endpoint().toString());
        }
        if (request.credentials() != null) {
            env.put("AWS_ACCESS_KEY_ID", request.credentials().accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", request.credentials().secretAccessKey());
            if (request.credentials().sessionToken() != null) {
                env.put("AWS_SESSION_TOKEN", request.credentials().sessionToken());
            }
        } else {
            for (String name : BUILD_AWS_ENVIRONMENT) {
                if (buildEnvironment.containsKey(name)) {
                    env.put(name, buildEnvironment.get(name));
                }
            }
        }
        if (request.profile() != null && !request.profile().isBlank()) {
            env.put("AWS_PROFILE", request.profile());
        }
        env.putAll(request.environment());
        return env;
    }

    /** The function's config as a UTF-8 {@code .properties} file, the form streambot-runtime reads. */
    private static void writeLocalConfig(FunctionEnv config, Path file) throws IOException {
        Properties properties = new Properties();
        properties.putAll(config.env());
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "the config of function '" + config.functionName() + "' for streambot:invoke");
        }
    }

    InvokeResult result(int exitCode, Path resultFile, Duration duration) throws IOException {
        if (!Files.isRegularFile(resultFile)) {
            return new InvokeResult(
                    false,
                    "",
                    "Runtime.ExitError",
                    "the function's JVM exited with code " + exitCode + " without a result (see its log above)",
                    List.of(),
                    false,
                    duration);
        }
        String text = Files.readString(resultFile, StandardCharsets.UTF_8);
        if (exitCode == 0) {
            return new InvokeResult(true, text, "", "", List.of(), false, duration);
        }
        JsonNode error = new ObjectMapper().readTree(text);
        List<String> trace = new ArrayList<>();
        error.path("stackTrace").forEach(line -> trace.add(line.asText()));
        return new InvokeResult(
                false,
                "",
                error.path("errorType").asText(),
                error.path("errorMessage").asText(),
                trace,
                exitCode == io.streambot.core.invoke.harness.LambdaHarness.INIT_FAILED,
                duration);
    }

    private void forwardLog(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                events.info("  | " + line);
            }
        } catch (IOException e) {
            events.debug("the function's log stopped: " + e.getMessage());
        }
    }

    static void checkEventIsJson(Path event) {
        try {
            new ObjectMapper().readTree(event.toFile());
        } catch (IOException e) {
            throw new InvalidConfigurationException(
                    "<event>",
                    "streambot.invoke.event",
                    event.toString(),
                    "is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")",
                    "give the event as Lambda delivers it, a JSON document");
        }
    }

    /** The zip's root, then {@code lib/*.jar} in name order: the class path Lambda's Java runtime builds. */
    static List<Path> functionClassPath(Path task) throws IOException {
        return functionClassPath(task, null);
    }

    /** The zip's class path, then the layers' {@code java/lib/*.jar} in name order (Lambda's {@code /opt/java/lib}). */
    static List<Path> functionClassPath(Path task, Path opt) throws IOException {
        List<Path> entries = new ArrayList<>();
        entries.add(task);
        addJars(task.resolve("lib"), entries);
        if (opt != null) {
            addJars(opt.resolve("java").resolve("lib"), entries);
        }
        return entries;
    }

    private static void addJars(Path lib, List<Path> entries) throws IOException {
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
                        .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                        .forEach(entries::add);
            }
        }
    }

    static Path unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path dest = root.resolve(entry.getName()).normalize();
                if (!dest.startsWith(root)) {
                    throw new IOException("the zip entry " + entry.getName() + " points outside the zip's folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(dest);
                } else {
                    Files.createDirectories(dest.getParent());
                    Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return root;
    }

    static Path writeHarness(Path runtime) throws IOException {
        Path file = runtime.resolve(HARNESS_CLASS_FILE);
        Files.createDirectories(file.getParent());
        try (InputStream in = LocalLambdaRuntime.class.getClassLoader().getResourceAsStream(HARNESS_CLASS_FILE)) {
            if (in == null) {
                throw new IOException(HARNESS_CLASS_FILE + " is missing from the plugin");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return runtime.toAbsolutePath();
    }

    /** The harness, then the Lambda libraries: what the runtime itself provides, nothing of the build. */
    String classPath(Path runtime) {
        List<String> entries = new ArrayList<>();
        entries.add(runtime.toString());
        lambdaLibraries.forEach(jar -> entries.add(jar.toString()));
        return String.join(File.pathSeparator, entries);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}

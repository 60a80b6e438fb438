package io.streambot.core.invoke;

import io.streambot.core.Events;
import io.streambot.core.invoke.harness.LambdaHarness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived JVM that runs many invocations of a bundle, as a warm Lambda sandbox does: the zip is unzipped
 * and the handler loaded once, then each invocation's event file is passed over standard input (see {@link
 * LambdaHarness}'s serve mode). The same class path, environment and context as {@link LocalLambdaRuntime}; a
 * timeout or a JVM that stops starts a fresh one (a cold start) at the next invocation.
 */
public final class WarmLambdaProcess implements AutoCloseable {
    private static final Duration STARTUP_ALLOWANCE = Duration.ofSeconds(30);
    private static final int EXITED = Integer.MIN_VALUE;

    private final Events events;
    private final Path java;
    private final InvokeRequest settings;
    private final LocalLambdaRuntime runtime;
    private final String marker = "streambot-invocation-done-" + UUID.randomUUID();
    private Process process;
    private Writer requests;
    private BlockingQueue<Integer> done;
    private int count;

    /**
     * @param settings the function's settings; its {@code event} is the placeholder the JVM starts with
     * @param lambdaLibraries the jars of {@link LambdaJavaLibraries}, put on the child JVM's class path
     */
    public WarmLambdaProcess(Events events, Path java, InvokeRequest settings, List<Path> lambdaLibraries) {
        this.events = events;
        this.java = java;
        this.settings = settings.validate();
        this.runtime = new LocalLambdaRuntime(events, java, lambdaLibraries);
        LocalLambdaRuntime.checkEventIsJson(settings.event());
    }

    /** Runs one invocation with {@code event}, starting the JVM first when none is running. */
    public InvokeResult invoke(Path event) {
        LocalLambdaRuntime.checkEventIsJson(event);
        long started = System.nanoTime();
        try {
            boolean cold = process == null || !process.isAlive();
            if (cold) {
                start();
            }
            Path resultFile = settings.workDirectory().resolve("result-" + (++count) + ".json");
            Files.deleteIfExists(resultFile);
            events.debug("Invoking " + settings.handler() + " with " + event.getFileName()
                    + (cold ? " (cold start)" : " (warm)"));
            requests.write(event.toAbsolutePath() + "\t" + resultFile + "\n");
            requests.flush();
            Integer code = done.poll(settings.timeout().plus(STARTUP_ALLOWANCE).toMillis(), TimeUnit.MILLISECONDS);
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            if (code == null) {
                stop();
                return new InvokeResult(
                        false,
                        "",
                        "Sandbox.Timedout",
                        "Task timed out after " + settings.timeout().toSeconds()
                                + " seconds (the JVM did not answer and was killed)",
                        List.of(),
                        false,
                        duration);
            }
            if (code == EXITED) {
                process.waitFor(5, TimeUnit.SECONDS);
                int exit = process.isAlive() ? -1 : process.exitValue();
                Path initial = settings.workDirectory().resolve("result.json");
                InvokeResult result =
                        runtime.result(exit, Files.isRegularFile(resultFile) ? resultFile : initial, duration);
                stop();
                return result;
            }
            InvokeResult result = runtime.result(code, resultFile, duration);
            if (code == LambdaHarness.TIMED_OUT) {
                stop(); // the harness halts its JVM after a timeout; the next invocation is a cold start
            }
            return result;
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("could not run " + settings.zip() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted while " + settings.handler() + " ran", e);
        }
    }

    private void start() throws IOException {
        stop();
        Path work = settings.workDirectory();
        LocalLambdaRuntime.deleteRecursively(work);
        Path task = LocalLambdaRuntime.unzip(settings.zip(), work.resolve("task"));
        Path harness = LocalLambdaRuntime.writeHarness(work.resolve("runtime"));
        Path classPathFile = work.resolve("function-class-path.txt");
        List<Path> functionClassPath = LocalLambdaRuntime.functionClassPath(task);
        Files.write(
                classPathFile, functionClassPath.stream().map(Path::toString).toList());
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx" + settings.memoryMb() + "m",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                runtime.classPath(harness),
                LocalLambdaRuntime.HARNESS_CLASS,
                settings.handler().toString(),
                settings.event().toAbsolutePath().toString(),
                work.resolve("result.json").toString(),
                classPathFile.toString(),
                settings.functionName(),
                Long.toString(settings.timeout().toMillis()),
                Integer.toString(settings.memoryMb()),
                LambdaHarness.SERVE,
                marker));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(task.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        Map<String, String> environment = runtime.environment(settings, task);
        builder.environment().putAll(environment);
        events.info("Starting " + settings.handler() + " as function '" + settings.functionName() + "' in one JVM"
                + " for all invocations (" + functionClassPath.size() + " class path entries from the zip, timeout "
                + settings.timeout().toSeconds() + " s)");
        process = builder.start();
        requests = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        BlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
        done = answers;
        Process started = process;
        Thread logs = new Thread(() -> forward(started, answers), "function-log");
        logs.setDaemon(true);
        logs.start();
    }

    /** Forwards the function's log and turns each marker line into an answer; the end of the output into EXITED. */
    private void forward(Process from, BlockingQueue<Integer> answers) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(from.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int at = line.indexOf(marker);
                if (at < 0) {
                    events.info("  | " + line);
                    continue;
                }
                if (at > 0) {
                    events.info("  | " + line.substring(0, at));
                }
                answers.add(
                        Integer.parseInt(line.substring(at + marker.length()).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            events.debug("the function's log stopped: " + e.getMessage());
        }
        answers.add(EXITED);
    }

    private void stop() {
        if (process != null) {
            try {
                requests.close();
            } catch (IOException ignored) {
                // the JVM is gone already
            }
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Stops the JVM. */
    @Override
    public void close() {
        stop();
    }
}

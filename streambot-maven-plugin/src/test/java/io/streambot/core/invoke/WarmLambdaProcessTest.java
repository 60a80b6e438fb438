package io.streambot.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambot.core.RecordingEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmLambdaProcessTest {
    @TempDir
    Path dir;

    /** Counts its invocations in a static field, so the count tells one JVM from several; fails or sleeps on demand. */
    private static final String COUNTER =
            """
            package fn;
            import com.amazonaws.services.lambda.runtime.*;
            import java.util.Map;
            public class Counter implements RequestHandler<Map<String, Object>, String> {
                static int invocations;
                public String handleRequest(Map<String, Object> event, Context context) {
                    invocations++;
                    context.getLogger().log("invocation " + invocations);
                    if ("fail".equals(event.get("do"))) {
                        throw new IllegalStateException("asked to fail");
                    }
                    if ("sleep".equals(event.get("do"))) {
                        try { Thread.sleep(60_000); } catch (InterruptedException e) { }
                    }
                    return "invocation " + invocations + " on pid " + ProcessHandle.current().pid();
                }
            }
            """;

    private Path event(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name + ".json"), json);
    }

    private WarmLambdaProcess process(RecordingEvents events, Duration timeout) throws Exception {
        Path zip = new FunctionZip(dir).source("fn.Counter", COUNTER).build("counter");
        InvokeRequest settings = new InvokeRequest(
                zip,
                HandlerString.parse("fn.Counter", "<handler>", "streambot.handler"),
                event("placeholder", "{}"),
                "counter",
                timeout,
                256,
                "eu-west-3",
                null,
                null,
                null,
                null,
                Map.of(),
                dir.resolve("work"),
                null);
        return new WarmLambdaProcess(
                events, FunctionJvm.buildJvm().java(), settings, LambdaJavaLibrariesTest.onTestClassPath());
    }

    @Test
    void oneJvmServesManyInvocationsAndOutlivesAFailedOne() throws Exception {
        RecordingEvents events = new RecordingEvents();
        try (WarmLambdaProcess process = process(events, Duration.ofSeconds(60))) {
            InvokeResult first = process.invoke(event("a", "{}"));
            InvokeResult failed = process.invoke(event("b", "{\"do\": \"fail\"}"));
            InvokeResult third = process.invoke(event("c", "{}"));

            assertThat(first.succeeded()).as(first.error()).isTrue();
            assertThat(first.output()).startsWith("\"invocation 1 on pid ");
            assertThat(failed.succeeded()).isFalse();
            assertThat(failed.error()).isEqualTo("java.lang.IllegalStateException: asked to fail");
            String pid = first.output().replaceAll(".*on pid (\\d+).*", "$1");
            assertThat(third.output()).isEqualTo("\"invocation 3 on pid " + pid + "\"");
            assertThat(events.infos).contains("  | invocation 1", "  | invocation 2", "  | invocation 3");
            assertThat(events.infos.stream().filter(l -> l.startsWith("Starting fn.Counter")))
                    .hasSize(1);
        }
    }

    @Test
    void aTimeoutEndsTheJvmAndTheNextInvocationStartsAFreshOne() throws Exception {
        RecordingEvents events = new RecordingEvents();
        try (WarmLambdaProcess process = process(events, Duration.ofSeconds(1))) {
            InvokeResult timedOut = process.invoke(event("slow", "{\"do\": \"sleep\"}"));
            InvokeResult next = process.invoke(event("fast", "{}"));

            assertThat(timedOut.succeeded()).isFalse();
            assertThat(timedOut.errorType()).isEqualTo("Sandbox.Timedout");
            assertThat(next.succeeded()).as(next.error()).isTrue();
            assertThat(next.output()).startsWith("\"invocation 1 on pid "); // a cold start: the count begins again
            assertThat(events.infos.stream().filter(l -> l.startsWith("Starting fn.Counter")))
                    .hasSize(2);
        }
    }
}

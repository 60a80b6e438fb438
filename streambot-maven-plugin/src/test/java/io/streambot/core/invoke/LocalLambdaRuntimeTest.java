package io.streambot.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.RecordingEvents;
import io.streambot.core.env.FunctionEnv;
import io.streambot.testkit.KinesisEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invokes small functions built by the test, each in a fresh JVM with only its zip on the class path. */
class LocalLambdaRuntimeTest {
    @TempDir
    Path dir;

    final RecordingEvents events = new RecordingEvents();

    /** What the runtime showed on a normal build: its info and warning lines. */
    private List<String> log() {
        List<String> shown = new ArrayList<>(events.infos);
        shown.addAll(events.warnings);
        return shown;
    }

    private LocalLambdaRuntime runtime(Map<String, String> buildEnvironment) {
        return new LocalLambdaRuntime(
                events,
                Path.of(System.getProperty("java.home"), "bin", "java"),
                buildEnvironment,
                LambdaJavaLibrariesTest.onTestClassPath());
    }

    private InvokeRequest request(Path zip, String handler, String eventJson, Duration timeout) throws Exception {
        Path event = dir.resolve("event-" + System.nanoTime() + ".json");
        Files.writeString(event, eventJson);
        return new InvokeRequest(
                zip,
                HandlerString.parse(handler, "<handler>", "streambot.handler"),
                event,
                "orders-ingest",
                timeout,
                256,
                "eu-west-3",
                null,
                "my-config-table",
                null,
                null,
                Map.of("GREETING", "hello"),
                dir.resolve("work-" + System.nanoTime()),
                null);
    }

    private static final String GREETER =
            """
            package fn;
            import com.amazonaws.services.lambda.runtime.*;
            import java.util.Map;
            public class Greeter implements RequestHandler<Map<String, Object>, String> {
                public String handleRequest(Map<String, Object> event, Context context) {
                    context.getLogger().log("greeting " + event.get("name"));
                    return System.getenv("GREETING") + " " + event.get("name") + " from " + context.getFunctionName()
                            + " (" + helpers.Suffix.of(context) + ")";
                }
            }
            """;

    private static final String SUFFIX =
            """
            package helpers;
            public class Suffix {
                public static String of(com.amazonaws.services.lambda.runtime.Context context) {
                    return context.getRemainingTimeInMillis() > 0 && context.getMemoryLimitInMB() == 256
                            ? "in time" : "late";
                }
            }
            """;

    /** The greeter function and its helper library, built into a zip. */
    private Path greeterZip() throws Exception {
        return new FunctionZip(dir)
                .source("fn.Greeter", GREETER)
                .libSource("helpers.Suffix", SUFFIX)
                .build("greeter");
    }

    /**
     * A zip holding the handler {@code fn.NAME} of a {@code Map} event that returns a String: the body is its
     * {@code handleRequest} method's (the parameters are {@code event} and {@code context}).
     */
    private Path mapHandlerZip(String name, String body) throws Exception {
        String source =
                """
                package fn;
                import com.amazonaws.services.lambda.runtime.*;
                import java.util.Map;
                public class %s implements RequestHandler<Map<String, Object>, String> {
                    public String handleRequest(Map<String, Object> event, Context context) {
                %s    }
                }
                """
                        .formatted(name, body.indent(8));
        return new FunctionZip(dir).source("fn." + name, source).build(name.toLowerCase(Locale.ROOT));
    }

    /** The same request without a config table, endpoint, credentials or environment: a run on its own. */
    private static InvokeRequest withoutTable(InvokeRequest request, String region, FunctionEnv localConfig) {
        return new InvokeRequest(
                request.zip(),
                request.handler(),
                request.event(),
                request.functionName(),
                request.timeout(),
                request.memoryMb(),
                region,
                null,
                null,
                null,
                null,
                Map.of(),
                request.workDirectory(),
                localConfig);
    }

    @Test
    void aRequestHandlerGetsItsEventContextAndEnvironmentAndItsOutputIsJson() throws Exception {
        Path zip = greeterZip();

        InvokeResult result = runtime(Map.of())
                .invoke(request(zip, "fn.Greeter::handleRequest", "{\"name\": \"Ada\"}", Duration.ofSeconds(30)));

        assertThat(result.succeeded()).as(result.error() + "\n" + log()).isTrue();
        assertThat(result.output()).isEqualTo("\"hello Ada from orders-ingest (in time)\"");
        assertThat(log()).contains("  | greeting Ada");
    }

    @Test
    void aLayeredBundleRunsWithItsLayersJavaLibOnTheClassPathAsOnLambda() throws Exception {
        Path whole = new FunctionZip(dir)
                .source("fn.Greeter", GREETER)
                .libSource("helpers.Suffix", SUFFIX)
                .build("greeter");
        Path zip = dir.resolve("greeter-lambda.zip");
        Path layer = dir.resolve("greeter-layer.zip");
        splitIntoLayer(whole, zip, layer);

        InvokeResult alone = runtime(Map.of())
                .invoke(request(zip, "fn.Greeter::handleRequest", "{\"name\": \"Ada\"}", Duration.ofSeconds(30)));
        assertThat(alone.succeeded())
                .as("without its layer the zip lacks helpers.Suffix")
                .isFalse();
        assertThat(alone.errorMessage() + alone.stackTrace()).contains("helpers/Suffix");

        InvokeResult result = runtime(Map.of())
                .withLayers(List.of(layer))
                .invoke(request(zip, "fn.Greeter::handleRequest", "{\"name\": \"Ada\"}", Duration.ofSeconds(30)));

        assertThat(result.succeeded()).as(result.error() + "\n" + log()).isTrue();
        assertThat(result.output()).isEqualTo("\"hello Ada from orders-ingest (in time)\"");
        assertThat(log()).anyMatch(l -> l.contains("class path entries from the zip and its layers"));
    }

    /** The zip's root files into {@code zip}, its {@code lib/} into {@code layer}'s {@code java/lib/}, as bundle's layer does. */
    private static void splitIntoLayer(Path whole, Path zip, Path layer) throws Exception {
        try (var in = new java.util.zip.ZipFile(whole.toFile());
                var fn = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip));
                var deps = new java.util.zip.ZipOutputStream(Files.newOutputStream(layer))) {
            for (var e : java.util.Collections.list(in.entries())) {
                if (e.isDirectory()) {
                    continue;
                }
                boolean lib = e.getName().startsWith("lib/");
                var out = lib ? deps : fn;
                out.putNextEntry(new java.util.zip.ZipEntry(lib ? "java/" + e.getName() : e.getName()));
                in.getInputStream(e).transferTo(out);
                out.closeEntry();
            }
        }
    }

    @Test
    void aKinesisEventIsDeserializedAsLambdaDoesWithItsDataDecoded() throws Exception {
        Path zip = new FunctionZip(dir)
                .source(
                        "fn.Count",
                        """
                        package fn;
                        import com.amazonaws.services.lambda.runtime.*;
                        import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
                        import java.nio.charset.StandardCharsets;
                        public class Count implements RequestHandler<KinesisEvent, String> {
                            public String handleRequest(KinesisEvent event, Context context) {
                                StringBuilder out = new StringBuilder();
                                for (KinesisEvent.KinesisEventRecord r : event.getRecords()) {
                                    out.append(r.getKinesis().getPartitionKey()).append('=')
                                       .append(StandardCharsets.UTF_8.decode(r.getKinesis().getData())).append(';');
                                }
                                return out.toString();
                            }
                        }
                        """)
                .libJarOf(KinesisEvent.class)
                .libJarOf(org.joda.time.DateTime.class) // aws-lambda-java-events' own dependency
                .build("count");
        String event =
                KinesisEvents.stream("s").record("a", "one").record("b", "two").toJson();

        InvokeResult result = runtime(Map.of()).invoke(request(zip, "fn.Count", event, Duration.ofSeconds(30)));

        assertThat(result.succeeded()).as(result.error() + "\n" + log()).isTrue();
        assertThat(result.output()).isEqualTo("\"a=one;b=two;\"");
    }

    @Test
    void aStreamHandlerReadsTheRawEventAndWritesTheRawOutput() throws Exception {
        Path zip = new FunctionZip(dir)
                .source(
                        "fn.Upper",
                        """
                        package fn;
                        import com.amazonaws.services.lambda.runtime.*;
                        import java.io.*;
                        public class Upper implements RequestStreamHandler {
                            public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
                                out.write(new String(in.readAllBytes()).toUpperCase().getBytes());
                            }
                        }
                        """)
                .build("upper");

        InvokeResult result = runtime(Map.of())
                .invoke(request(zip, "fn.Upper::handleRequest", "{\"a\":\"b\"}", Duration.ofSeconds(30)));

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.output()).isEqualTo("{\"A\":\"B\"}");
    }

    @Test
    void nothingOfTheBuildsClassPathOrEnvironmentReachesTheFunction() throws Exception {
        Path zip = mapHandlerZip(
                "Probe",
                """
                String seen;
                try {
                    Class.forName("org.assertj.core.api.Assertions");
                    seen = "assertj visible";
                } catch (ClassNotFoundException e) {
                    seen = "assertj hidden";
                }
                return seen + ", secret=" + System.getenv("BUILD_SECRET")
                        + ", table=" + System.getenv("STREAMBOT_ENV_TABLE")
                        + ", region=" + System.getenv("AWS_REGION")
                        + ", endpoint=" + System.getenv("STREAMBOT_ENDPOINT");
                """);

        InvokeResult result = runtime(Map.of("BUILD_SECRET", "s3cr3t"))
                .invoke(request(zip, "fn.Probe", "{}", Duration.ofSeconds(30)));

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.output())
                .isEqualTo("\"assertj hidden, secret=null, table=my-config-table, region=eu-west-3, endpoint=null\"");
    }

    @Test
    void theSdksEndpointSettingsOfTheBuildReachTheFunctionForLocalRuns() throws Exception {
        Path zip = mapHandlerZip(
                "Endpoint",
                """
                return System.getenv("AWS_ENDPOINT_URL_S3") + " " + System.getenv("OTHER");
                """);

        InvokeResult result = runtime(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9090", "OTHER", "x"))
                .invoke(request(zip, "fn.Endpoint", "{}", Duration.ofSeconds(30)));

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.output()).isEqualTo("\"http://127.0.0.1:9090 null\"");
    }

    @Test
    void aClassOnlyTheBuildHasFailsTheInvocationAsOnLambda() throws Exception {
        Path zip = new FunctionZip(dir)
                .source(
                        "fn.NeedsKinesis",
                        """
                        package fn;
                        import com.amazonaws.services.lambda.runtime.*;
                        import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
                        public class NeedsKinesis implements RequestHandler<KinesisEvent, String> {
                            public String handleRequest(KinesisEvent event, Context context) { return "ok"; }
                        }
                        """)
                .build("needs-kinesis"); // aws-lambda-java-events deliberately not under lib/

        InvokeResult result = runtime(Map.of()).invoke(request(zip, "fn.NeedsKinesis", "{}", Duration.ofSeconds(30)));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("com/amazonaws/services/lambda/runtime/events/KinesisEvent");
    }

    @Test
    void aHandlerStringThatNamesNoClassFailsWithAClearMessage() throws Exception {
        Path zip = greeterZip();

        InvokeResult result =
                runtime(Map.of()).invoke(request(zip, "fn.Greeter2::handleRequest", "{}", Duration.ofSeconds(30)));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.initFailed()).isTrue();
        assertThat(result.error())
                .isEqualTo("java.lang.ClassNotFoundException: Class not found: fn.Greeter2"
                        + " (the bundle's root and lib/*.jar were searched, as Lambda does)");
    }

    @Test
    void aMethodThatDoesNotExistFailsWithAClearMessage() throws Exception {
        Path zip = greeterZip();

        InvokeResult result =
                runtime(Map.of()).invoke(request(zip, "fn.Greeter::handle", "{}", Duration.ofSeconds(30)));

        assertThat(result.initFailed()).isTrue();
        assertThat(result.errorMessage())
                .contains("No public method named handle")
                .contains("fn.Greeter");
    }

    @Test
    void theHandlersExceptionIsReportedWithItsTypeMessageAndStackTrace() throws Exception {
        Path zip = mapHandlerZip(
                "Boom",
                """
                throw new IllegalStateException("no bucket configured");
                """);

        InvokeResult result = runtime(Map.of()).invoke(request(zip, "fn.Boom", "{}", Duration.ofSeconds(30)));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.initFailed()).isFalse();
        assertThat(result.error()).isEqualTo("java.lang.IllegalStateException: no bucket configured");
        assertThat(result.stackTrace()).anyMatch(line -> line.startsWith("fn.Boom.handleRequest("));
    }

    @Test
    void aHandlerThatOutlivesItsTimeoutFailsAsLambdaReportsIt() throws Exception {
        Path zip = mapHandlerZip(
                "Slow",
                """
                try { Thread.sleep(60_000); } catch (InterruptedException e) { }
                return "done";
                """);

        InvokeResult result = runtime(Map.of()).invoke(request(zip, "fn.Slow", "{}", Duration.ofSeconds(1)));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).isEqualTo("Sandbox.Timedout: Task timed out after 1.00 seconds");
    }

    @Test
    void aMissingZipOrAnEventThatIsNotJsonIsAConfigurationErrorBeforeAnythingRuns() throws Exception {
        Path zip = greeterZip();

        assertThatThrownBy(() -> runtime(Map.of())
                        .invoke(request(dir.resolve("nope.zip"), "fn.Greeter", "{}", Duration.ofSeconds(5))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("<zip> (-Dstreambot.invoke.zip)")
                .hasMessageContaining("mvn package");
        assertThatThrownBy(
                        () -> runtime(Map.of()).invoke(request(zip, "fn.Greeter", "{not json", Duration.ofSeconds(5))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("<event> (-Dstreambot.invoke.event)")
                .hasMessageContaining("is not JSON");
        assertThat(log()).noneMatch(line -> line.startsWith("Invoking"));
    }

    @Test
    void aHandlerStringThatIsNotOneIsRejectedNamingTheElement() {
        assertThatThrownBy(() -> HandlerString.parse("fn.Greeter:handleRequest", "<handler>", "streambot.handler"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("<handler> (-Dstreambot.handler) = 'fn.Greeter:handleRequest' is not a Java handler"
                        + " string: use the form package.Class::method (or package.Class for handleRequest), such as"
                        + " com.example.Ingest::handleRequest");
        assertThat(HandlerString.parse("a.B", "<handler>", "streambot.handler"))
                .isEqualTo(new HandlerString("a.B", "handleRequest"));
    }

    @Test
    void aLocalRunServesThePomsConfigThroughTheRuntimesLocalFileWithoutRegionOrEndpoint() throws Exception {
        Path zip = new FunctionZip(dir)
                .source(
                        "fn.Config",
                        """
                        package fn;
                        import com.amazonaws.services.lambda.runtime.*;
                        import java.io.Reader;
                        import java.nio.charset.StandardCharsets;
                        import java.nio.file.*;
                        import java.util.*;
                        public class Config implements RequestHandler<Map<String, Object>, String> {
                            public String handleRequest(Map<String, Object> event, Context context) {
                                Properties p = new Properties();
                                try (Reader r = Files.newBufferedReader(
                                        Path.of(System.getenv("STREAMBOT_LOCAL_CONFIG")), StandardCharsets.UTF_8)) {
                                    p.load(r);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                                return new TreeMap<>(p) + " region=" + System.getenv("AWS_REGION")
                                        + " endpoint=" + System.getenv("STREAMBOT_ENDPOINT");
                            }
                        }
                        """)
                .build("config");
        InvokeRequest table = request(zip, "fn.Config", "{}", Duration.ofSeconds(30));
        InvokeRequest local = withoutTable(
                table,
                null,
                new FunctionEnv(
                        "orders-ingest",
                        Map.of("EventBucket", "local-bucket", "Motto", "caf\u00e9 = ok\nline 2"),
                        "<env>"));

        InvokeResult result = runtime(Map.of()).invoke(local);

        assertThat(result.succeeded()).as(result.error() + "\n" + log()).isTrue();
        assertThat(result.output())
                .isEqualTo(
                        "\"{EventBucket=local-bucket, Motto=caf\u00e9 = ok\\nline 2} region=us-east-1 endpoint=null\"");
    }

    @Test
    void aLocalConfigThatPutEnvWouldRefuseIsRefusedBeforeAnythingRuns() throws Exception {
        Path zip = greeterZip();
        InvokeRequest table = request(zip, "fn.Greeter", "{}", Duration.ofSeconds(30));
        InvokeRequest local =
                withoutTable(table, null, new FunctionEnv("orders-ingest", Map.of("not-a-key", "x"), "<env>"));

        assertThatThrownBy(() -> runtime(Map.of()).invoke(local))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("<env> key 'not-a-key' of function 'orders-ingest'");
        assertThat(log()).noneMatch(line -> line.startsWith("Invoking"));
    }

    @Test
    void theRuntimeSettingsItsMessagesNameReachTheFunctionFromTheBuildsEnvironment() throws Exception {
        Path zip = mapHandlerZip(
                "Settings",
                """
                return System.getenv("STREAMBOT_ENV_TABLE") + " " + System.getenv("STREAMBOT_ENV_MISSING");
                """);
        InvokeRequest withTable = request(zip, "fn.Settings", "{}", Duration.ofSeconds(30));
        InvokeRequest withoutTable = withoutTable(withTable, withTable.region(), null);
        Map<String, String> build = Map.of("STREAMBOT_ENV_TABLE", "shell-table", "STREAMBOT_ENV_MISSING", "fail");

        assertThat(runtime(build).invoke(withoutTable).output()).isEqualTo("\"shell-table fail\"");
        // <envTable> (-Dstreambot.envTable) wins over the shell's variable.
        assertThat(runtime(build).invoke(withTable).output()).isEqualTo("\"my-config-table fail\"");
    }

    @Test
    void aStaticInitializerThatHangsStopsAtTheTimeoutAndLeavesNoProcessBehind() throws Exception {
        Path zip = new FunctionZip(dir)
                .source(
                        "fn.Stuck",
                        """
                        package fn;
                        import com.amazonaws.services.lambda.runtime.*;
                        import java.util.Map;
                        public class Stuck implements RequestHandler<Map<String, Object>, String> {
                            static volatile boolean waiting = true;
                            static {
                                while (waiting) {
                                    try { Thread.sleep(1_000); } catch (InterruptedException e) { }
                                }
                            }
                            public String handleRequest(Map<String, Object> event, Context context) { return "never"; }
                        }
                        """)
                .build("stuck");

        InvokeResult result = runtime(Map.of()).invoke(request(zip, "fn.Stuck", "{}", Duration.ofSeconds(1)));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error())
                .isEqualTo("Sandbox.Timedout: Task timed out after 1.00 seconds while the handler was being loaded"
                        + " (a static initializer or the constructor did not finish)");
        assertThat(ProcessHandle.current().descendants())
                .noneMatch(p -> p.info().commandLine().orElse("").contains("LambdaHarness"));
    }
}

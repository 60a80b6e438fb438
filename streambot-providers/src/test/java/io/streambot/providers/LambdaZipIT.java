package io.streambot.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.streambot.testkit.CustomResourceRequests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the packaged providers zip, after {@code package}, the way Lambda will use it. */
class LambdaZipIT {
    private static Path zip;
    private static List<String> entries;

    @BeforeAll
    static void open() throws Exception {
        zip = Paths.get(System.getProperty("streambot.lambda.zip", "target/missing-lambda.zip"));
        assertThat(zip).as("the lambda zip the build attaches").exists();
        entries = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            file.stream().forEach(e -> entries.add(e.getName()));
        }
    }

    @Test
    void theHandlerClassesAndTheTemplateAreAtTheRoot() {
        assertThat(entries)
                .contains(
                        "io/streambot/providers/env/StreambotEnvProvider.class",
                        "io/streambot/providers/connector/StreambotConnectorProvider.class",
                        "io/streambot/providers/internal/CustomResourceHandler.class",
                        "io/streambot/providers/streambot.template.json");
    }

    @Test
    void theRuntimeDependenciesAreJarsInLibAndNothingFromTheTests() {
        List<String> libs = entries.stream()
                .filter(e -> e.startsWith("lib/") && !e.equals("lib/"))
                .toList();
        assertThat(libs).allMatch(e -> e.endsWith(".jar") && e.indexOf('/', 4) < 0);
        assertThat(libs)
                .anyMatch(e -> e.startsWith("lib/streambot-runtime-"))
                .anyMatch(e -> e.startsWith("lib/dynamodb-"))
                .anyMatch(e -> e.startsWith("lib/lambda-"))
                .anyMatch(e -> e.startsWith("lib/url-connection-client-"))
                .anyMatch(e -> e.startsWith("lib/aws-lambda-java-core-"));
        for (String forbidden : List.of(
                "junit",
                "assertj",
                "wiremock",
                "s3mock",
                "DynamoDBLocal",
                "streambot-test-kit",
                "apache-client",
                "netty",
                "opentest4j")) {
            assertThat(libs).as(forbidden).noneMatch(e -> e.contains(forbidden));
        }
        assertThat(entries)
                .noneMatch(e -> e.endsWith("Test.class") || e.endsWith("IT.class"))
                .noneMatch(e -> e.startsWith("io/streambot/providers/testing/"));
    }

    @Test
    void everyEntryHasTheBuildsFixedTimestamp() throws Exception {
        Set<FileTime> times = new HashSet<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            file.stream().map(ZipEntry::getLastModifiedTime).forEach(times::add);
        }
        assertThat(times).hasSize(1);
    }

    @Test
    void theHandlerLoadsAndRunsFromTheZipAlone(@TempDir Path dir) throws Exception {
        List<URL> classpath = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                Path target = dir.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                    if (entry.getName().startsWith("lib/")) {
                        classpath.add(target.toUri().toURL());
                    }
                }
            }
        }
        classpath.add(0, dir.toUri().toURL());
        // Only the zip and the JDK, as in Lambda's java21 runtime.
        try (URLClassLoader loader =
                new URLClassLoader(classpath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> handlerType = loader.loadClass("io.streambot.providers.env.StreambotEnvProvider");
            Object handler = handlerType.getConstructor().newInstance();
            Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
            Class<?> loggerType = loader.loadClass("com.amazonaws.services.lambda.runtime.LambdaLogger");
            List<String> logged = new CopyOnWriteArrayList<>();
            Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (p, m, args) -> {
                if (m.getName().equals("log") && args[0] instanceof String line) {
                    logged.add(line);
                }
                return null;
            });
            Object context =
                    Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (p, m, args) -> switch (m.getName()) {
                        case "getLogger" -> logger;
                        case "getRemainingTimeInMillis" -> 30_000;
                        case "getFunctionName" -> "streambot-env-provider";
                        default -> null;
                    });
            Method handle = handlerType.getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);

            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            List<String> answers = new CopyOnWriteArrayList<>();
            server.createContext("/answer", exchange -> {
                answers.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            try {
                String event = CustomResourceRequests.create("Custom::StreambotEnv")
                        .responseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/answer")
                        .property("ServiceToken", "arn")
                        .toJson();

                handle.invoke(
                        handler,
                        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(),
                        context);
            } finally {
                server.stop(0);
            }

            assertThat(answers).hasSize(1);
            assertThat(answers.get(0))
                    .contains("\"Status\":\"FAILED\"")
                    .contains("Invalid property 'FunctionName': is required");
            assertThat(String.join("", logged)).contains("Answering FAILED");
        }
    }
}

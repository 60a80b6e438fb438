package io.streambot.core.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.RecordingEvents;
import io.streambot.testkit.ServiceTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectGeneratorTest {
    @TempDir
    Path parent;

    private final RecordingEvents events = new RecordingEvents();
    private final Map<String, String> versions = StarterVersions.load();

    private CreateRequest request(String groupId, String artifactId, String packageName, String starter) {
        return new CreateRequest(parent, groupId, artifactId, "1.0-SNAPSHOT", packageName, starter, versions);
    }

    @Test
    void theKinesisStarterWritesTheSeedExamplesShapeWithEveryNameFilledIn() throws IOException {
        CreateResult result =
                new ProjectGenerator(events).create(request("com.example", "orders-ingest", null, "kinesis"));

        Path dir = parent.resolve("orders-ingest");
        assertThat(result.directory()).isEqualTo(dir.toAbsolutePath());
        assertThat(result.files())
                .containsExactly(
                        ".gitignore",
                        ".mvn/maven.config",
                        "pom.xml",
                        "README.md",
                        "src/main/java/com/example/Handler.java",
                        "src/test/java/com/example/HandlerTest.java",
                        "src/main/cloudformation/template.json",
                        "src/test/resources/events/kinesis.json");
        assertEveryPlaceholderFilled(dir);
        String pom = Files.readString(dir.resolve("pom.xml"));
        assertThat(pom)
                .contains("<groupId>com.example</groupId>")
                .contains("<artifactId>orders-ingest</artifactId>")
                .contains("<packaging>lambda</packaging>")
                .contains("<extensions>true</extensions>")
                .contains("<streambot.version>" + versions.get("streambot.version") + "</streambot.version>")
                .doesNotContain("maven-deploy-plugin");
        assertThat(Files.readString(dir.resolve("src/main/java/com/example/Handler.java")))
                .startsWith("package com.example;")
                .contains("Streambot.wrap(");
        ServiceTemplate template = ServiceTemplate.load(dir.resolve("src/main/cloudformation/template.json"));
        template.assertNoHardCodedRegionPartitionOrAccount()
                .assertReadsOnlyItsOwnConfigRecord("Role")
                .assertDependsOn("Connector", "Config");
        assertThat(template.handler("Function")).isEqualTo("com.example.Handler::handleRequest");
        int java = ProjectGenerator.lambdaJavaFor(Runtime.version().feature());
        assertThat(Files.readString(dir.resolve("src/main/cloudformation/template.json")))
                .contains("\"Runtime\": \"java" + java + "\"");
        assertThat(pom).contains("<maven.compiler.release>" + java + "</maven.compiler.release>");
        assertThat(template.resourcesOfType("Custom::StreambotEnv")).containsExactly("Config");
        assertThat(template.resourcesOfType("Custom::StreambotConnector")).containsExactly("Connector");
        assertThat(Files.readString(dir.resolve("README.md"))).contains("mvn verify", "mvn streambot:invoke");
        assertThat(result.handler()).isEqualTo("com.example.Handler::handleRequest");
        assertThat(events.infos)
                .containsExactly("Created " + dir.toAbsolutePath() + " from the kinesis starter ("
                        + Starter.KINESIS.description() + "): 8 files, handler com.example.Handler::handleRequest");
    }

    @Test
    void theDynamoDbStreamStarterConnectsTheTablesStreamNatively() throws IOException {
        new ProjectGenerator(events)
                .create(request("com.example", "changes", "com.example.changes.fn", "dynamodb-stream"));

        Path dir = parent.resolve("changes");
        assertEveryPlaceholderFilled(dir);
        assertThat(dir.resolve("src/main/java/com/example/changes/fn/Handler.java"))
                .isRegularFile();
        assertThat(dir.resolve("src/test/resources/events/dynamodb-stream.json"))
                .isRegularFile();
        assertThat(Files.readString(dir.resolve("pom.xml")))
                .contains("<functionName>${project.artifactId}</functionName>")
                .contains("<LogPrefix>changed</LogPrefix>");
        ServiceTemplate template = ServiceTemplate.load(dir.resolve("src/main/cloudformation/template.json"));
        template.assertNoHardCodedRegionPartitionOrAccount().assertReadsOnlyItsOwnConfigRecord("Role");
        assertThat(template.handler("Function")).isEqualTo("com.example.changes.fn.Handler::handleRequest");
        assertThat(template.resourcesOfType("AWS::Lambda::EventSourceMapping")).containsExactly("DataTableStream");
        assertThat(template.resourcesOfType("Custom::StreambotConnector")).isEmpty();
        assertThat(template.resourcesOfType("Custom::StreambotEnv")).isEmpty();
    }

    @Test
    void anExistingFolderIsNeverTouched() throws IOException {
        Path existing = Files.createDirectories(parent.resolve("orders-ingest"));
        Files.writeString(existing.resolve("notes.txt"), "mine");

        assertThatThrownBy(() ->
                        new ProjectGenerator(events).create(request("com.example", "orders-ingest", null, "kinesis")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("<artifactId> (-DartifactId) = 'orders-ingest' names a folder that already exists ("
                        + existing.toAbsolutePath() + "): choose another -DartifactId, or run in another folder;"
                        + " nothing was written");
        try (Stream<Path> files = Files.walk(parent)) {
            assertThat(files.map(p -> parent.relativize(p).toString()))
                    .containsExactlyInAnyOrder("", "orders-ingest", "orders-ingest/notes.txt");
        }
        assertThat(Files.readString(existing.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void aGroupIdThatIsNoJavaPackageNeedsAnExplicitPackage() throws IOException {
        assertThatThrownBy(() -> new ProjectGenerator(events).create(request("com.my-org", "orders", null, "kinesis")))
                .hasMessage("<groupId> (-DgroupId) = 'com.my-org' is not a valid Java package, and the handler's"
                        + " package defaults to the groupId: give the handler's package with -Dpackage: dot-separated"
                        + " Java identifiers, not keywords, such as com.example.orders");
        assertNothingWritten();

        new ProjectGenerator(events).create(request("com.my-org", "orders", "com.myorg.orders", "kinesis"));
        assertThat(parent.resolve("orders/src/main/java/com/myorg/orders/Handler.java"))
                .isRegularFile();
    }

    @Test
    void aPackageWithAKeywordIsRefused() throws IOException {
        assertThatThrownBy(() -> new ProjectGenerator(events)
                        .create(request("com.example", "orders", "com.class.orders", "kinesis")))
                .hasMessageStartingWith("<package> (-Dpackage) = 'com.class.orders' is not a valid Java package:");
        assertNothingWritten();
    }

    @Test
    void anArtifactIdThatCannotNameAStackIsRefused() throws IOException {
        assertThatThrownBy(() ->
                        new ProjectGenerator(events).create(request("com.example", "orders_ingest", null, "kinesis")))
                .hasMessageStartingWith(
                        "<artifactId> (-DartifactId) = 'orders_ingest' is not a valid artifactId for a" + " service")
                .hasMessageEndingWith("such as orders-ingest");
        assertThatThrownBy(() -> new ProjectGenerator(events).create(request("com.example", null, null, "kinesis")))
                .hasMessageStartingWith("<artifactId> (-DartifactId) is not set:");
        assertThatThrownBy(() -> new ProjectGenerator(events).create(request("com example", "orders", null, "kinesis")))
                .hasMessageStartingWith("<groupId> (-DgroupId) = 'com example' is not a valid Maven groupId:");
        assertNothingWritten();
    }

    @Test
    void anUnknownStarterNamesTheStartersThereAre() throws IOException {
        assertThatThrownBy(() -> new ProjectGenerator(events).create(request("com.example", "orders", null, "sqs")))
                .hasMessage("<starter> (-Dstarter) = 'sqs' is not a starter: use one of kinesis, dynamodb-stream");
        assertNothingWritten();
    }

    @Test
    void aPlaceholderWithoutAValueIsABugInTheStarterNotASilentGap() {
        assertThatThrownBy(() -> ProjectGenerator.render(Starter.KINESIS, Map.of("groupId", "g")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("uses {{artifactId}}, which has no value");
    }

    private void assertEveryPlaceholderFilled(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("{{");
            }
        }
    }

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> files = Files.list(parent)) {
            assertThat(files.toList()).isEqualTo(List.of());
        }
    }

    @Test
    void theProjectTargetsTheNewestLambdaJavaRuntimeTheGeneratingJdkHas() {
        assertThat(ProjectGenerator.lambdaJavaFor(17)).isEqualTo(17);
        assertThat(ProjectGenerator.lambdaJavaFor(20)).isEqualTo(17);
        assertThat(ProjectGenerator.lambdaJavaFor(21)).isEqualTo(21);
        assertThat(ProjectGenerator.lambdaJavaFor(24)).isEqualTo(21);
        assertThat(ProjectGenerator.lambdaJavaFor(25)).isEqualTo(25);
        assertThat(ProjectGenerator.lambdaJavaFor(26)).isEqualTo(25);
    }
}

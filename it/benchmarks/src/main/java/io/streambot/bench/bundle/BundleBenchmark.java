package io.streambot.bench.bundle;

import io.streambot.bench.Benchmark;
import io.streambot.bench.Stats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The same function project (SDK v2 S3 + DynamoDB + Jackson) packaged for Lambda three ways:
 * {@code streambot:bundle}, {@code maven-shade-plugin} (the usual AWS advice, the baseline) and
 * {@code maven-assembly-plugin} with a lib/ descriptor. Each child build is a real {@code mvn} run,
 * offline, on a private local repository (fed from ~/.m2) where this reactor's plugin is installed;
 * the packaging step's time is read from Maven's own timestamped log (from the packaging mojo's header
 * line to the next one), so Maven's start-up and compilation are not counted for anyone.
 *
 * <p>Run: {@code mvn -B -Pbench -DskipTests verify -pl it/benchmarks -am -Dbench.only=bundle} (the
 * {@code -am} builds the plugin it installs into {@code it/benchmarks/target/bench-bundle/repo}).
 */
public final class BundleBenchmark implements Benchmark {
    private static final int ROUNDS = 5;
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final Pattern LOG_LINE = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) (.*)$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private record Contender(String name, String mojo, String pluginXml, String output) {}

    private static final List<Contender> CONTENDERS = List.of(
            new Contender(
                    "maven-shade-plugin",
                    "maven-shade-plugin:",
                    """
                    <plugin>
                      <artifactId>maven-shade-plugin</artifactId>
                      <version>3.6.0</version>
                      <configuration>
                        <createDependencyReducedPom>false</createDependencyReducedPom>
                        <filters>
                          <filter>
                            <artifact>*:*</artifact>
                            <excludes>
                              <exclude>META-INF/*.SF</exclude>
                              <exclude>META-INF/*.DSA</exclude>
                              <exclude>META-INF/*.RSA</exclude>
                            </excludes>
                          </filter>
                        </filters>
                      </configuration>
                      <executions>
                        <execution>
                          <phase>package</phase>
                          <goals><goal>shade</goal></goals>
                        </execution>
                      </executions>
                    </plugin>
                    """,
                    "target/bench-fn-1.0.jar"),
            new Contender(
                    "maven-assembly-plugin (lib/ descriptor)",
                    "maven-assembly-plugin:",
                    """
                    <plugin>
                      <artifactId>maven-assembly-plugin</artifactId>
                      <version>3.7.1</version>
                      <configuration>
                        <descriptors><descriptor>src/assembly/lambda.xml</descriptor></descriptors>
                        <appendAssemblyId>true</appendAssemblyId>
                      </configuration>
                      <executions>
                        <execution>
                          <phase>package</phase>
                          <goals><goal>single</goal></goals>
                        </execution>
                      </executions>
                    </plugin>
                    """,
                    "target/bench-fn-1.0-lambda.zip"),
            new Contender(
                    "streambot:bundle",
                    "streambot-maven-plugin:",
                    """
                    <plugin>
                      <groupId>io.streambot</groupId>
                      <artifactId>streambot-maven-plugin</artifactId>
                      <version>%s</version>
                      <configuration>
                        <handler>com.example.Handler::handleRequest</handler>
                      </configuration>
                      <executions>
                        <execution>
                          <goals><goal>bundle</goal></goals>
                        </execution>
                      </executions>
                    </plugin>
                    """
                            .formatted(VERSION),
                    "target/bench-fn-1.0-lambda.zip"));

    @Override
    public String name() {
        return "bundle";
    }

    @Override
    public String description() {
        return "Packaging one function (SDK v2 S3 + DynamoDB + Jackson) for Lambda, with its template (java17): time of the packaging mojo in a"
                + " clean build and in a no-op rebuild (median of " + ROUNDS + " interleaved rounds, each a fresh"
                + " offline `mvn`), and the size of what is uploaded. Baseline: maven-shade-plugin.";
    }

    @Override
    public List<Row> run() throws Exception {
        Path root = reactorRoot();
        Path work = root.resolve("it/benchmarks/target/bench-bundle").toAbsolutePath();
        Path repo = work.resolve("repo");
        Path settings = work.resolve("settings.xml");
        Files.createDirectories(work);
        Files.writeString(settings, settingsXml());
        installReactorArtifacts(root, repo);

        List<Path> projects = new ArrayList<>();
        for (Contender c : CONTENDERS) {
            Path project = work.resolve(c.mojo().replace(":", ""));
            writeProject(project, c);
            projects.add(project);
            // Warm-up, online against ~/.m2 only: fills the private repository and checks the build works.
            mvn(project, repo, settings, false, "clean", "package");
        }
        int jars = countLibJars(projects.get(2).resolve(CONTENDERS.get(2).output()));
        // What Maven loads for the goal: the plugin's class realm, read from one untimed debug run.
        Realm realm = pluginRealm(mvn(projects.get(2), repo, settings, true, "-X", "package"), repo);

        double[][] first = new double[CONTENDERS.size()][ROUNDS];
        double[][] noop = new double[CONTENDERS.size()][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < CONTENDERS.size(); i++) {
                Contender c = CONTENDERS.get(i);
                first[i][round] = mojoSeconds(mvn(projects.get(i), repo, settings, true, "clean", "package"), c);
                noop[i][round] = mojoSeconds(mvn(projects.get(i), repo, settings, true, "package"), c);
            }
        }
        List<Row> rows = new ArrayList<>();
        double shadeFirst = Stats.median(first[0]);
        double shadeNoop = Stats.median(noop[0]);
        double shadeSize = Files.size(projects.get(0).resolve(CONTENDERS.get(0).output()));
        for (int i = 0; i < CONTENDERS.size(); i++) {
            double t = Stats.median(first[i]);
            rows.add(new Row(
                    "packaging step, clean build",
                    CONTENDERS.get(i).name(),
                    t * 1000,
                    "ms",
                    t / shadeFirst,
                    i == 0 ? "baseline; " + jars + " dependency jars" : null));
        }
        for (int i = 0; i < CONTENDERS.size(); i++) {
            double t = Stats.median(noop[i]);
            rows.add(new Row(
                    "packaging step, no-op rebuild",
                    CONTENDERS.get(i).name(),
                    t * 1000,
                    "ms",
                    t / shadeNoop,
                    i == 0 ? "baseline" : null));
        }
        rows.add(new Row(
                "plugin class realm (no-op bundle)",
                CONTENDERS.get(2).name(),
                realm.bytes() / 1_000_000.0,
                "MB",
                null,
                realm.jars() + " jars"));
        for (int i = 0; i < CONTENDERS.size(); i++) {
            double size = Files.size(projects.get(i).resolve(CONTENDERS.get(i).output()));
            rows.add(new Row(
                    "artifact size",
                    CONTENDERS.get(i).name(),
                    size / 1_000_000.0,
                    "MB",
                    size / shadeSize,
                    i == 0 ? "baseline (fat jar)" : "zip with lib/"));
        }
        return rows;
    }

    /** The reactor's root: the benchmarks run from it/benchmarks (exec plugin) or from the root itself. */
    private static Path reactorRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("streambot-maven-plugin")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the reactor root above " + dir);
    }

    /** Puts the plugin this reactor just built (with its parent and the runtime) into the private repository. */
    private static void installReactorArtifacts(Path root, Path repo) throws IOException {
        install(repo, "streambot-parent", root.resolve("pom.xml"), null);
        for (String module : List.of("streambot-runtime", "streambot-maven-plugin")) {
            Path jar = root.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: run the benchmarks with -am so the reactor"
                        + " builds it: mvn -B -Pbench -DskipTests verify -pl it/benchmarks -am");
            }
            install(repo, module, root.resolve(module).resolve("pom.xml"), jar);
        }
    }

    private static void install(Path repo, String artifactId, Path pom, Path jar) throws IOException {
        Path dir = repo.resolve("io/streambot").resolve(artifactId).resolve(VERSION);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifactId + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String settingsXml() {
        String home = Path.of(System.getProperty("user.home"), ".m2", "repository")
                .toUri()
                .toString();
        return """
                <settings>
                  <profiles>
                    <profile>
                      <id>home-repo</id>
                      <activation><activeByDefault>true</activeByDefault></activation>
                      <repositories>
                        <repository><id>home</id><url>%1$s</url></repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository><id>home</id><url>%1$s</url></pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                </settings>
                """
                .formatted(home);
    }

    private static void writeProject(Path project, Contender contender) throws IOException {
        Path java = project.resolve("src/main/java/com/example");
        Files.createDirectories(java);
        Files.writeString(
                java.resolve("Handler.java"),
                """
                package com.example;

                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestHandler;
                import com.fasterxml.jackson.databind.ObjectMapper;
                import java.util.Map;
                import software.amazon.awssdk.core.sync.RequestBody;
                import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
                import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
                import software.amazon.awssdk.services.s3.S3Client;

                public class Handler implements RequestHandler<Map<String, String>, String> {
                    private static final ObjectMapper JSON = new ObjectMapper();
                    private final S3Client s3 = S3Client.create();
                    private final DynamoDbClient dynamo = DynamoDbClient.create();

                    @Override
                    public String handleRequest(Map<String, String> input, Context context) {
                        try {
                            String body = JSON.writeValueAsString(input);
                            s3.putObject(b -> b.bucket(input.get("bucket")).key(input.get("key")), RequestBody.fromString(body));
                            dynamo.putItem(b -> b.tableName(input.get("table"))
                                    .item(Map.of("id", AttributeValue.builder().s(input.get("key")).build())));
                            return body;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                """);
        // The service's template, as a real project has one: bundle checks its Runtime against every class.
        Path cloudformation = project.resolve("src/main/cloudformation");
        Files.createDirectories(cloudformation);
        Files.writeString(
                cloudformation.resolve("template.json"),
                """
                {"Parameters": {"CodeBucket": {"Type": "String"}, "CodeKey": {"Type": "String"}},
                 "Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
                   "Handler": "com.example.Handler::handleRequest", "Runtime": "java17", "MemorySize": 512,
                   "Role": "arn:aws:iam::123456789012:role/fn",
                   "Code": {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}}}}}}
                """);
        Path assembly = project.resolve("src/assembly");
        Files.createDirectories(assembly);
        Files.writeString(
                assembly.resolve("lambda.xml"),
                """
                <assembly xmlns="http://maven.apache.org/ASSEMBLY/2.2.0">
                  <id>lambda</id>
                  <formats><format>zip</format></formats>
                  <includeBaseDirectory>false</includeBaseDirectory>
                  <fileSets>
                    <fileSet>
                      <directory>${project.build.outputDirectory}</directory>
                      <outputDirectory>/</outputDirectory>
                    </fileSet>
                  </fileSets>
                  <dependencySets>
                    <dependencySet>
                      <outputDirectory>lib</outputDirectory>
                      <useProjectArtifact>false</useProjectArtifact>
                      <scope>runtime</scope>
                    </dependencySet>
                  </dependencySets>
                </assembly>
                """);
        Files.writeString(
                project.resolve("pom.xml"),
                """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>bench-fn</artifactId>
                  <version>1.0</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp>
                    <maven.test.skip>true</maven.test.skip>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>software.amazon.awssdk</groupId>
                        <artifactId>bom</artifactId>
                        <version>2.40.2</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>s3</artifactId></dependency>
                    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>dynamodb</artifactId></dependency>
                    <dependency>
                      <groupId>com.fasterxml.jackson.core</groupId>
                      <artifactId>jackson-databind</artifactId>
                      <version>2.19.2</version>
                    </dependency>
                    <dependency>
                      <groupId>com.amazonaws</groupId>
                      <artifactId>aws-lambda-java-core</artifactId>
                      <version>1.4.0</version>
                    </dependency>
                  </dependencies>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>maven-clean-plugin</artifactId><version>3.5.0</version></plugin>
                        <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                        <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                        <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.3</version></plugin>
                        <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                      </plugins>
                    </pluginManagement>
                    <plugins>
                %s
                    </plugins>
                  </build>
                </project>
                """
                        .formatted(contender.pluginXml().indent(6)));
    }

    private static List<String> mvn(Path project, Path repo, Path settings, boolean offline, String... goals)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("mvn", "-B", "-ntp", "-s", settings.toString(), "-Dmaven.repo.local=" + repo));
        if (offline) {
            command.add("-o");
        }
        command.addAll(List.of(goals));
        Path log = project.resolve("build.log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put(
                "MAVEN_OPTS",
                "-Dorg.slf4j.simpleLogger.showDateTime=true" + " -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        Process process = pb.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("mvn " + String.join(" ", goals) + " timed out in " + project);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("mvn " + String.join(" ", goals) + " failed in " + project + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return lines;
    }

    /** From the contender's mojo header to the next mojo header or the build's end, in seconds. */
    static double mojoSeconds(List<String> log, Contender contender) {
        LocalTime start = null;
        for (String line : log) {
            Matcher m = LOG_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            LocalTime at = LocalTime.parse(m.group(1), TIME);
            String text = m.group(2);
            if (start == null) {
                if (text.contains("--- " + contender.mojo())) {
                    start = at;
                }
            } else if (text.contains("--- ") || text.contains("BUILD SUCCESS")) {
                return (at.toNanoOfDay() - start.toNanoOfDay()) / 1e9;
            }
        }
        throw new IllegalStateException("no " + contender.mojo() + " step found in the build log");
    }

    record Realm(int jars, long bytes) {}

    private static final Pattern INCLUDED = Pattern.compile("\\[DEBUG\\]\\s+Included: (\\S+)");

    /** The jars of streambot's plugin realm as Maven's debug log lists them, sized from the repository. */
    static Realm pluginRealm(List<String> debugLog, Path repo) throws IOException {
        boolean inRealm = false;
        int jars = 0;
        long bytes = 0;
        for (String line : debugLog) {
            if (line.contains("Populating class realm plugin>io.streambot:streambot-maven-plugin")) {
                inRealm = true;
                continue;
            }
            Matcher m = INCLUDED.matcher(line);
            if (!inRealm) {
                continue;
            }
            if (!m.find()) {
                break;
            }
            String[] c = m.group(1).split(":"); // groupId:artifactId:type[:classifier]:version
            String version = c[c.length - 1];
            String file = c[1] + "-" + version + (c.length == 5 ? "-" + c[3] : "") + ".jar";
            jars++;
            bytes += Files.size(repo.resolve(c[0].replace('.', '/'))
                    .resolve(c[1])
                    .resolve(version)
                    .resolve(file));
        }
        if (jars == 0) {
            throw new IllegalStateException("the debug log lists no jar of streambot's plugin realm");
        }
        return new Realm(jars, bytes);
    }

    private static int countLibJars(Path zip) throws IOException {
        try (var fs = java.nio.file.FileSystems.newFileSystem(zip);
                Stream<Path> lib = Files.list(fs.getPath("/lib"))) {
            return (int) lib.count();
        }
    }
}

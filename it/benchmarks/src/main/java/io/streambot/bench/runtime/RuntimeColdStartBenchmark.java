package io.streambot.bench.runtime;

import io.streambot.bench.Benchmark;
import io.streambot.bench.Stats;
import io.streambot.runtime.EnvRecord;
import io.streambot.testkit.AwsEndpoints;
import io.streambot.testkit.LocalDynamoDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Cold start: a fresh JVM per sample loads a handler, reads the function's configuration (20 keys)
 * from DynamoDB Local and completes one invocation. Contenders run interleaved, each JVM with only its
 * own jars on the class path, the flags of Lambda's Java runtime (C1 only, serial GC) and the variables
 * Lambda sets ({@code AWS_REGION}, the function's credentials, {@code AWS_LAMBDA_FUNCTION_NAME}). The floor
 * is the same 20 values in plain environment variables: no read at all.
 */
public final class RuntimeColdStartBenchmark implements Benchmark {
    static final int SAMPLES = 15;
    static final int KEYS = 20;
    /** streambot with its read started by the first invocation, not at init: what the read ahead buys. */
    static final String WITHOUT_READ_AHEAD = "streambot, read at the invocation";

    static final String FUNCTION = "cold-start-fn";
    static final List<String> JVM_FLAGS =
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @Override
    public String name() {
        return "runtime-cold-start";
    }

    @Override
    public String description() {
        return "Cold start, median of " + SAMPLES + " fresh JVMs per contender (interleaved, after one discarded"
                + " round): load the handler, read " + KEYS + " config values from DynamoDB Local, finish one"
                + " invocation. JVM flags " + String.join(" ", JVM_FLAGS) + "; the variables Lambda sets"
                + " (AWS_REGION, credentials, AWS_LAMBDA_FUNCTION_NAME). Baseline: bare SDK GetItem. Floor: the values"
                + " in plain environment variables, no read. The handler is invoked as soon as it is built: the read"
                + " that streambot starts at init has nothing else of the init to overlap here.";
    }

    @Override
    public List<Row> run() throws Exception {
        LocalDynamoDb dynamo = LocalDynamoDb.get();
        String endpoint = dynamo.endpoint().orElseThrow().toString();
        Map<String, String> config = new TreeMap<>();
        for (int i = 0; i < KEYS; i++) {
            config.put("Key" + i, "value-" + i + "-" + "x".repeat(40));
        }
        String envTable = dynamo.createTable(LocalDynamoDb.uniqueTableName("cold-env"), EnvRecord.NAME);
        dynamo.client().putItem(b -> b.tableName(envTable)
                .item(new EnvRecord(FUNCTION, config, 1, Instant.now(), "bench").toItem()));
        String powertoolsTable = powertoolsTable(dynamo, config);

        Path work = Contenders.workDirectory();
        List<Contender> contenders = List.of(
                new Contender(
                        Contenders.bareSdk(work),
                        ColdStartMains.BareSdkMain.class,
                        envTable,
                        Map.of("AWS_ENDPOINT_URL_DYNAMODB", endpoint)),
                new Contender(
                        Contenders.streambot(),
                        ColdStartMains.StreambotMain.class,
                        envTable,
                        Map.of("STREAMBOT_ENDPOINT", endpoint, EnvRecord.TABLE_ENV_VARIABLE, envTable)),
                new Contender(
                        new Contenders.Jars(
                                WITHOUT_READ_AHEAD, Contenders.streambot().jars()),
                        ColdStartMains.StreambotMain.class,
                        envTable,
                        // Blank is unset for the runtime: the first invocation reads, as before the read ahead.
                        Map.of(
                                "STREAMBOT_ENDPOINT",
                                endpoint,
                                EnvRecord.TABLE_ENV_VARIABLE,
                                envTable,
                                "AWS_LAMBDA_FUNCTION_NAME",
                                "")),
                new Contender(
                        Contenders.powertools(work),
                        ColdStartMains.PowertoolsMain.class,
                        powertoolsTable,
                        Map.of("AWS_ENDPOINT_URL_DYNAMODB", endpoint)),
                new Contender(
                        new Contenders.Jars("environment variables", List.of()),
                        ColdStartMains.EnvironmentVariablesMain.class,
                        "-",
                        config));

        Map<Contender, List<long[]>> samples = new LinkedHashMap<>();
        contenders.forEach(c -> samples.put(c, new ArrayList<>()));
        for (int round = 0; round <= SAMPLES; round++) {
            for (int i = 0; i < contenders.size(); i++) {
                Contender c = contenders.get((round + i) % contenders.size());
                long[] sample = c.sample();
                if (round > 0) {
                    samples.get(c).add(sample);
                }
            }
        }
        double baseWall = median(samples.get(contenders.get(0)), 0);
        double baseMain = median(samples.get(contenders.get(0)), 1);
        List<Row> rows = new ArrayList<>();
        for (Contender c : contenders) {
            double wall = median(samples.get(c), 0);
            rows.add(new Row("JVM launch to invocation done", c.jars.name(), wall, "ms", wall / baseWall, c.note()));
        }
        for (Contender c : contenders) {
            double main = median(samples.get(c), 1);
            rows.add(new Row("main() to invocation done", c.jars.name(), main, "ms", main / baseMain, null));
        }
        return rows;
    }

    /** Powertools reads several values as items under one partition key: {@code id} = function, {@code sk} = key. */
    private static String powertoolsTable(LocalDynamoDb dynamo, Map<String, String> config) {
        String table = LocalDynamoDb.uniqueTableName("cold-powertools");
        dynamo.client().createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder()
                                .attributeName("id")
                                .attributeType(ScalarAttributeType.S)
                                .build(),
                        AttributeDefinition.builder()
                                .attributeName("sk")
                                .attributeType(ScalarAttributeType.S)
                                .build())
                .keySchema(
                        KeySchemaElement.builder()
                                .attributeName("id")
                                .keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName("sk")
                                .keyType(KeyType.RANGE)
                                .build()));
        dynamo.client().waiter().waitUntilTableExists(b -> b.tableName(table));
        config.forEach((k, v) -> dynamo.client().putItem(b -> b.tableName(table)
                .item(Map.of(
                        "id", AttributeValue.builder().s(FUNCTION).build(),
                        "sk", AttributeValue.builder().s(k).build(),
                        "value", AttributeValue.builder().s(v).build()))));
        return table;
    }

    private static double median(List<long[]> samples, int index) {
        return Stats.median(samples.stream().mapToLong(s -> s[index]).toArray()) / 1e6;
    }

    private static final class Contender {
        final Contenders.Jars jars;
        final Class<?> main;
        final String table;
        final Map<String, String> environment;

        Contender(Contenders.Jars jars, Class<?> main, String table, Map<String, String> environment) {
            this.jars = jars;
            this.main = main;
            this.table = table;
            this.environment = environment;
        }

        String note() {
            return switch (jars.name()) {
                case "streambot" ->
                    "Streambot.wrap (the read starts there); the runtime's lean GetItem: SDK SigV4 signer and JSON parser over HttpURLConnection, no DynamoDB client; credentials from the environment; consistent read";
                case "Powertools" -> "ParamManager.getDynamoDbProvider(table).getMultiple(fn): Query, URL-connection";
                case WITHOUT_READ_AHEAD -> "the same without AWS_LAMBDA_FUNCTION_NAME: no read ahead";
                case "environment variables" -> "the floor: System.getenv, no config read at all";
                default -> "DynamoDbClient.create() (Apache client), consistent GetItem";
            };
        }

        /** One fresh JVM: {launch-to-exit nanos, main-to-done nanos}. */
        long[] sample() throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_FLAGS);
            command.add("-cp");
            command.add(jars.classPath());
            command.add(main.getName());
            command.add(FUNCTION);
            command.add(table);
            command.add(Integer.toString(KEYS));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("STREAMBOT_") || k.startsWith("JAVA_TOOL"));
            AwsCredentials credentials =
                    AwsEndpoints.credentials(LocalDynamoDb.SERVICE).resolveCredentials();
            env.put("AWS_REGION", AwsEndpoints.region().id());
            env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
            env.put("AWS_LAMBDA_FUNCTION_NAME", FUNCTION);
            env.putAll(environment);
            long start = System.nanoTime();
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(jars.name() + " did not finish: " + output);
            }
            long wall = System.nanoTime() - start;
            String result = output.lines()
                    .filter(l -> l.startsWith(ColdStartMains.RESULT))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(jars.name() + " failed:\n" + output));
            String[] parts =
                    result.substring(ColdStartMains.RESULT.length()).trim().split(" ");
            if (Integer.parseInt(parts[0]) != KEYS) {
                throw new IllegalStateException(
                        jars.name() + " read " + parts[0] + " keys, not " + KEYS + ":\n" + output);
            }
            return new long[] {wall, Long.parseLong(parts[1])};
        }
    }
}

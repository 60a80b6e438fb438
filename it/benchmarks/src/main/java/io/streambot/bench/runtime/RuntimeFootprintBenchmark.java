package io.streambot.bench.runtime;

import io.streambot.bench.Benchmark;
import java.nio.file.Path;
import java.util.List;

/** Bytes a function bundle gains from each way of reading its configuration. */
public final class RuntimeFootprintBenchmark implements Benchmark {
    @Override
    public String name() {
        return "runtime-footprint";
    }

    @Override
    public String description() {
        return "Bytes the config reader adds to a function bundle (its jar plus transitive jars, without"
                + " aws-lambda-java-core, which every handler has); same SDK BOM for all. Baseline: "
                + Contenders.POWERTOOLS + ".";
    }

    @Override
    public List<Row> run() throws Exception {
        Path work = Contenders.workDirectory();
        Contenders.Jars powertools = Contenders.powertools(work);
        Contenders.Jars streambot = Contenders.streambot();
        Contenders.Jars bare = Contenders.bareSdk(work);
        double base = powertools.addedBytes();
        return List.of(
                row(powertools, base, "baseline; DynamoDbProvider lives in the module with SSM, Secrets, AppConfig"),
                row(streambot, base, "dynamodb + url-connection-client + org-crac"),
                row(bare, base, "dynamodb + apache-client (the SDK default), for reference"));
    }

    private static Row row(Contenders.Jars jars, double base, String note) {
        double mb = jars.addedBytes() / 1_000_000.0;
        return new Row(
                "bundle bytes added",
                jars.name() + " (" + jars.added().size() + " jars)",
                mb,
                "MB",
                jars.addedBytes() / base,
                note);
    }
}

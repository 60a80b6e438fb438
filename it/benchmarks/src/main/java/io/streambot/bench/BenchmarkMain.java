package io.streambot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the registered benchmarks ({@code META-INF/services/io.streambot.bench.Benchmark}), prints one
 * markdown table per benchmark and writes them all to the file named by the first argument.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/benchmarks.md");
        Set<String> only = new TreeSet<>(Arrays.asList((args.length > 1 ? args[1] : "all").split(",")));
        StringBuilder report = new StringBuilder("# streambot benchmarks\n\n");
        report.append("Ratios are measured side by side in one run; compare ratios, not absolute times.\n");
        report.append("Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append("\n");
        List<String> failed = new ArrayList<>();
        for (Benchmark benchmark : ServiceLoader.load(Benchmark.class)) {
            if (!only.contains("all") && !only.contains(benchmark.name())) {
                continue;
            }
            System.out.println("running benchmark " + benchmark.name() + " ...");
            try {
                report.append(table(benchmark, benchmark.run()));
            } catch (Exception e) {
                failed.add(benchmark.name());
                report.append("\n## ")
                        .append(benchmark.name())
                        .append("\n\nFAILED: ")
                        .append(e)
                        .append('\n');
                e.printStackTrace();
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println(report);
        System.out.println("written to " + out.toAbsolutePath());
        // The JVM holds the kit's servers: stop them explicitly so the build does not linger.
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    static String table(Benchmark benchmark, List<Benchmark.Row> rows) {
        StringBuilder t = new StringBuilder();
        t.append("\n## ")
                .append(benchmark.name())
                .append("\n\n")
                .append(benchmark.description())
                .append("\n\n");
        t.append("| measure | contender | value | ratio | note |\n|---|---|---:|---:|---|\n");
        for (Benchmark.Row r : rows) {
            t.append("| ")
                    .append(r.measure())
                    .append(" | ")
                    .append(r.contender())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f %s", r.value(), r.unit()))
                    .append(" | ")
                    .append(r.ratio() == null ? "" : String.format(Locale.ROOT, "%.2fx", r.ratio()))
                    .append(" | ")
                    .append(r.note() == null ? "" : r.note())
                    .append(" |\n");
        }
        return t.toString();
    }
}

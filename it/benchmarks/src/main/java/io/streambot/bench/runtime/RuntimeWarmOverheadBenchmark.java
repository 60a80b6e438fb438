package io.streambot.bench.runtime;

import io.streambot.bench.Benchmark;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Warm overhead of the wrapper per invocation, measured with JMH (run programmatically, short settings). */
public final class RuntimeWarmOverheadBenchmark implements Benchmark {
    private static final int FORKS = 2;
    private static final int WARMUPS = 3;
    private static final int ITERATIONS = 5;

    @Override
    public String name() {
        return "runtime-warm-overhead";
    }

    @Override
    public String description() {
        return "Warm invocation, JMH average time (" + FORKS + " forks x " + ITERATIONS + " x 1 s after " + WARMUPS
                + " x 1 s warm-up): a trivial handler called directly vs through Streambot's wrapper with its"
                + " config cached (within the TTL). Goal: overhead under 50 ns.";
    }

    @Override
    public List<Row> run() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include(WarmOverheadJmh.class.getName() + "\\.")
                        .forks(FORKS)
                        .warmupIterations(WARMUPS)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(ITERATIONS)
                        .measurementTime(TimeValue.seconds(1))
                        .mode(Mode.AverageTime)
                        .timeUnit(TimeUnit.NANOSECONDS)
                        // The fork holds DynamoDB Local's threads: do not wait for them after the run.
                        .jvmArgsAppend("-Djmh.shutdownTimeout=0", "-Xmx512m")
                        .build())
                .run();
        Map<String, double[]> scores = new TreeMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            scores.put(method, new double[] {
                r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()
            });
        }
        double base = scores.get("unwrapped")[0];
        List<Row> rows = new ArrayList<>();
        rows.add(row("unwrapped handler", scores.get("unwrapped"), base, "baseline"));
        double[] wrapped = scores.get("wrapped");
        rows.add(row(
                "Streambot.wrap(handler)",
                wrapped,
                base,
                String.format(Locale.ROOT, "overhead %.1f ns/invocation", wrapped[0] - base)));
        double[] reading = scores.get("wrappedReadingOneValue");
        rows.add(row(
                "wrapped, handler reads StreambotEnv.get(key)",
                reading,
                base,
                String.format(Locale.ROOT, "overhead %.1f ns/invocation", reading[0] - base)));
        rows.add(new Row(
                "reference: one System.nanoTime()",
                "the TTL check's clock read",
                scores.get("clockRead")[0],
                String.format(Locale.ROOT, "ns (± %.1f)", scores.get("clockRead")[1]),
                null,
                "part of the wrapper's overhead; its cost depends on the machine's clock source"));
        return rows;
    }

    private static Row row(String contender, double[] score, double base, String note) {
        return new Row(
                "time per invocation",
                contender,
                score[0],
                String.format(Locale.ROOT, "ns (± %.1f)", score[1]),
                score[0] / base,
                note);
    }
}

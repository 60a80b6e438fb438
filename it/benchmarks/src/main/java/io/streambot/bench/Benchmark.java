package io.streambot.bench;

import java.util.List;

/**
 * One side-by-side measurement. Implementations run every contender in the same JVM run (interleaved
 * where they can), because absolute times on these machines are not comparable between runs: only
 * the ratios in one table are.
 */
public interface Benchmark {
    /** Short name, used to select it with {@code -Dbench.only=NAME}. */
    String name();

    /** What is compared, one sentence for the table's heading. */
    String description();

    /** Runs the measurement and returns its rows. */
    List<Row> run() throws Exception;

    /**
     * One row: a contender, what was measured, its value (with unit) and its ratio to the baseline row
     * of the same measure (1.00 for the baseline itself).
     */
    record Row(String measure, String contender, double value, String unit, Double ratio, String note) {}
}

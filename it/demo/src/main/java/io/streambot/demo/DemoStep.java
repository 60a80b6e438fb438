package io.streambot.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One step of the main job: what it shows (the command a user would type) and what it does. The job is one
 * list of these, run in order by {@link #runAll}, each timed; a new step is one more entry in that list.
 *
 * @param title the step's heading, e.g. {@code bundle and upload: mvn package streambot:upload}
 * @param body what the step does; it throws to stop the job
 */
record DemoStep(String title, Runnable body) {
    DemoStep {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
    }

    /** How long one step took. */
    record Timing(String title, Duration duration) {}

    /** Runs {@code steps} in order, printing each heading and how long it took; stops at the first failure. */
    static List<Timing> runAll(List<DemoStep> steps) {
        List<Timing> timings = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            DemoStep step = steps.get(i);
            System.out.println();
            System.out.println("-- " + (i + 1) + ". " + step.title());
            long started = System.nanoTime();
            try {
                step.body().run();
            } finally {
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                timings.add(new Timing(step.title(), took));
                System.out.println("   (step " + (i + 1) + " took " + seconds(took) + ")");
            }
        }
        return timings;
    }

    /** The timings as a table: one line per step, then the total. */
    static List<String> table(List<Timing> timings) {
        List<String> lines = new ArrayList<>();
        Duration total = Duration.ZERO;
        for (int i = 0; i < timings.size(); i++) {
            Timing t = timings.get(i);
            total = total.plus(t.duration());
            lines.add(String.format("%8s  %d. %s", seconds(t.duration()), i + 1, t.title()));
        }
        lines.add(String.format("%8s  total", seconds(total)));
        return lines;
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}

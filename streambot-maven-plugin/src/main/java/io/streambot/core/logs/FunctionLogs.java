package io.streambot.core.logs;

import io.streambot.core.Events;
import io.streambot.core.aws.AwsErrors;
import io.streambot.core.service.DeployedFunction;
import io.streambot.core.stack.Polling;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Prints the CloudWatch Logs of a service's functions (FilterLogEvents on each function's log group,
 * every page), interleaved in time order and prefixed by each function's logical id; in follow mode
 * it polls again until interrupted. Events that CloudWatch ingests late are still printed once: each
 * poll looks back a little before the newest event seen and skips the event ids already printed.
 */
public final class FunctionLogs {
    /** How far each follow poll looks back before the newest event seen, for events ingested late. */
    static final Duration LATE_EVENTS = Duration.ofSeconds(10);

    private final CloudWatchLogsClient logs;
    private final Events events;
    private final Polling.Sleeper sleeper;
    private final Clock clock;
    private final Duration interval;

    public FunctionLogs(
            CloudWatchLogsClient logs, Events events, Polling.Sleeper sleeper, Clock clock, Duration interval) {
        this.logs = logs;
        this.events = events;
        this.sleeper = sleeper;
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * @param since the first moment to print
     * @param filterPattern a CloudWatch Logs filter pattern, or null for every event
     * @param follow keep polling for new events until the thread is interrupted
     * @return the number of lines printed
     */
    public int print(List<DeployedFunction> functions, Instant since, String filterPattern, boolean follow) {
        int width =
                functions.stream().mapToInt(f -> f.logicalId().length()).max().orElse(0);
        Map<DeployedFunction, Instant> from = new HashMap<>();
        functions.forEach(f -> from.put(f, since));
        Set<String> printed = new HashSet<>();
        Set<DeployedFunction> reportedMissing = new HashSet<>();
        int count = 0;
        while (true) {
            List<Fetched> batch = new ArrayList<>();
            for (DeployedFunction f : functions) {
                List<FilteredLogEvent> found = fetch(f, from.get(f), filterPattern, reportedMissing);
                for (FilteredLogEvent e : found) {
                    if (e.eventId() == null || printed.add(e.eventId())) {
                        batch.add(new Fetched(f, e));
                    }
                    Instant t = Instant.ofEpochMilli(e.timestamp());
                    Instant lookBack = t.minus(LATE_EVENTS);
                    if (lookBack.isAfter(from.get(f))) {
                        from.put(f, lookBack);
                    }
                }
            }
            batch.sort(Comparator.comparing((Fetched x) -> x.event().timestamp())
                    .thenComparing(x -> functions.indexOf(x.function())));
            for (Fetched x : batch) {
                LogLine line = new LogLine(
                        x.function().logicalId(),
                        Instant.ofEpochMilli(x.event().timestamp()),
                        x.event().message().stripTrailing());
                if (line.runtimeFailure()) {
                    events.warn(line.format(width));
                } else {
                    events.info(line.format(width));
                }
                count++;
            }
            if (!follow) {
                return count;
            }
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return count;
            }
            if (Thread.currentThread().isInterrupted()) {
                return count;
            }
        }
    }

    private record Fetched(DeployedFunction function, FilteredLogEvent event) {}

    private List<FilteredLogEvent> fetch(
            DeployedFunction f, Instant from, String filterPattern, Set<DeployedFunction> reportedMissing) {
        List<FilteredLogEvent> result = new ArrayList<>();
        String group = f.defaultLogGroup();
        String token = null;
        try {
            do {
                String next = token;
                FilterLogEventsResponse page = logs.filterLogEvents(b -> {
                    b.logGroupName(group).startTime(from.toEpochMilli()).nextToken(next);
                    if (filterPattern != null && !filterPattern.isBlank()) {
                        b.filterPattern(filterPattern);
                    }
                });
                result.addAll(page.events());
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (ResourceNotFoundException e) {
            if (reportedMissing.add(f)) {
                events.info("[" + f.logicalId() + "] no log group " + group + " yet: the function has not logged"
                        + " anything since it was created");
            }
        } catch (SdkException e) {
            throw AwsErrors.translate("read the logs of function " + f.logicalId(), "log group " + group, e);
        }
        return result;
    }

    /** Now, by the clock this reader was given. */
    public Instant now() {
        return clock.instant();
    }
}

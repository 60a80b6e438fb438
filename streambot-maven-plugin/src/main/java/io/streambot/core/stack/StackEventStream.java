package io.streambot.core.stack;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * A stack's events from a given moment on: remembers the newest event id seen before the request,
 * then each {@link #poll()} pages back through DescribeStackEvents (newest first) until it reaches the
 * last event already seen, and returns the new ones oldest first.
 */
public final class StackEventStream {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final CloudFormationClient cloudFormation;
    private final String stack;
    private final Polling polling;
    private final Set<String> seenIds = new HashSet<>();
    private final List<StackEvent> events = new ArrayList<>();
    private String lastSeenId;

    private StackEventStream(CloudFormationClient cloudFormation, String stack, Polling polling, String lastSeenId) {
        this.cloudFormation = cloudFormation;
        this.stack = stack;
        this.polling = polling;
        this.lastSeenId = lastSeenId;
    }

    /** A stream of the events that happen after now: remembers the stack's newest event. */
    public static StackEventStream startingNow(CloudFormationClient cloudFormation, String stack, Polling polling) {
        List<StackEvent> newest = polling.read(() -> cloudFormation.describeStackEvents(b -> b.stackName(stack)))
                .stackEvents();
        return new StackEventStream(
                cloudFormation,
                stack,
                polling,
                newest.isEmpty() ? null : newest.get(0).eventId());
    }

    /** The events that arrived since the last poll, oldest first. */
    public List<StackEvent> poll() {
        List<StackEvent> fresh = new ArrayList<>();
        String token = null;
        pages:
        do {
            String next = token;
            DescribeStackEventsResponse page = polling.read(() ->
                    cloudFormation.describeStackEvents(b -> b.stackName(stack).nextToken(next)));
            for (StackEvent e : page.stackEvents()) {
                if (e.eventId() != null && e.eventId().equals(lastSeenId)) {
                    break pages;
                }
                if (e.eventId() == null || !seenIds.contains(e.eventId())) {
                    fresh.add(e);
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        if (!fresh.isEmpty()) {
            lastSeenId = fresh.get(0).eventId();
        }
        Collections.reverse(fresh);
        for (StackEvent e : fresh) {
            if (e.eventId() != null) {
                seenIds.add(e.eventId());
            }
        }
        events.addAll(fresh);
        return fresh;
    }

    /** Every event this stream returned, oldest first. */
    public List<StackEvent> events() {
        return Collections.unmodifiableList(events);
    }

    /**
     * The first resource that failed, with its reason (a custom resource's reason included): the
     * root cause, not the cancellations that follow it.
     */
    public Optional<StackEvent> firstFailure() {
        StackEvent fallback = null;
        for (StackEvent e : events) {
            String status = e.resourceStatusAsString();
            if (status == null || !status.endsWith("_FAILED")) {
                continue;
            }
            String reason = e.resourceStatusReason() == null ? "" : e.resourceStatusReason();
            boolean cancelled = reason.contains("cancelled");
            boolean stackItself =
                    e.physicalResourceId() != null && e.physicalResourceId().equals(e.stackId());
            if (!cancelled && !stackItself && !reason.isBlank()) {
                return Optional.of(e);
            }
            if (fallback == null) {
                fallback = e;
            }
        }
        return Optional.ofNullable(fallback);
    }

    /** One line: time, logical id, type, status and reason. */
    public static String format(StackEvent e) {
        StringBuilder line = new StringBuilder();
        line.append(e.timestamp() == null ? "--:--:--" : TIME.format(e.timestamp()))
                .append("  ")
                .append(pad(e.logicalResourceId(), 28))
                .append(' ')
                .append(pad(e.resourceType(), 32))
                .append(' ')
                .append(e.resourceStatusAsString());
        if (e.resourceStatusReason() != null && !e.resourceStatusReason().isBlank()) {
            line.append("  ").append(e.resourceStatusReason());
        }
        return line.toString();
    }

    /** "LogicalId (Type) STATUS: reason". */
    public static String describe(StackEvent e) {
        return e.logicalResourceId() + " (" + e.resourceType() + ") " + e.resourceStatusAsString()
                + (e.resourceStatusReason() == null ? "" : ": " + e.resourceStatusReason());
    }

    private static String pad(String s, int width) {
        String v = s == null ? "" : s;
        return v.length() >= width ? v : v + " ".repeat(width - v.length());
    }
}

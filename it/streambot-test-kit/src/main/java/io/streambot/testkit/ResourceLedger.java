package io.streambot.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who created what: a stack of open scopes (the JUnit run, a test class, a test) and the resources
 * created while each was the innermost. Closing a scope deletes its resources, newest first. Not
 * thread-local on purpose: code under test may create resources on threads of its own. Recording is
 * off while no scope is open (the kit's servers in their own JVM, benchmarks, the demo).
 */
final class ResourceLedger {
    private static final Deque<Scope> OPEN = new ArrayDeque<>();
    private static long sequence;
    private static volatile boolean recording;
    private static final ThreadLocal<Boolean> PAUSED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private ResourceLedger() {}

    /** The resources created while one scope was the innermost, in the order they were created. */
    static final class Scope {
        private final String name;
        private final Map<CreatedResource, Long> resources = new LinkedHashMap<>();

        private Scope(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Opens a scope inside the innermost open one. */
    static synchronized Scope open(String name) {
        Scope scope = new Scope(name);
        OPEN.push(scope);
        recording = true;
        return scope;
    }

    /**
     * Closes {@code scope} (and any scope opened inside it that is still open) and deletes what was
     * created in them, newest first.
     *
     * @return one line per resource that could not be deleted; empty when everything is gone
     */
    static List<String> close(Scope scope) {
        List<Map.Entry<CreatedResource, Long>> created = new ArrayList<>();
        synchronized (ResourceLedger.class) {
            if (!OPEN.contains(scope)) {
                return List.of();
            }
            Scope closed;
            do {
                closed = OPEN.pop();
                created.addAll(closed.resources.entrySet());
            } while (closed != scope);
            recording = !OPEN.isEmpty();
        }
        created.sort(Map.Entry.<CreatedResource, Long>comparingByValue(Comparator.reverseOrder()));
        return ResourceCleaner.delete(created.stream().map(Map.Entry::getKey).toList());
    }

    static boolean recording() {
        return recording && !PAUSED.get();
    }

    /**
     * Adds {@code resource} to the innermost open scope, unless no scope is open, an open scope already
     * has it, or it lives in a bucket or table of an open scope (deleted with its container anyway).
     */
    static synchronized void record(CreatedResource resource) {
        if (OPEN.isEmpty() || PAUSED.get()) {
            return;
        }
        CreatedResource container = resource.container();
        for (Scope scope : OPEN) {
            if (scope.resources.containsKey(resource) || container != null && scope.resources.containsKey(container)) {
                return;
            }
        }
        OPEN.peek().resources.put(resource, sequence++);
    }

    /** Runs {@code action} on this thread without recording what it creates: for the kit's own self-tests. */
    static <T> T unrecorded(Supplier<T> action) {
        PAUSED.set(Boolean.TRUE);
        try {
            return action.get();
        } finally {
            PAUSED.set(Boolean.FALSE);
        }
    }
}

package io.streambot.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The servers of this kit, started at most once per JVM and stopped when the JVM's test run ends (the
 * JUnit root store closes them) or, failing that, by a shutdown hook. Never once per test class.
 */
final class SharedServers {
    private static final Map<Class<?>, AutoCloseable> SERVERS = new HashMap<>();
    private static final Deque<AutoCloseable> STOP_ORDER = new ArrayDeque<>();
    private static boolean hookInstalled;

    private SharedServers() {}

    @SuppressWarnings("unchecked")
    static synchronized <S extends AutoCloseable> S get(Class<S> type, Supplier<S> starter) {
        S server = (S) SERVERS.get(type);
        if (server == null) {
            server = starter.get();
            SERVERS.put(type, server);
            STOP_ORDER.push(server);
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(SharedServers::stopAll, "streambot-test-kit-stop"));
                hookInstalled = true;
            }
        }
        return server;
    }

    /** The server of {@code type} if it has been started, without starting it. */
    @SuppressWarnings("unchecked")
    static synchronized <S extends AutoCloseable> Optional<S> running(Class<S> type) {
        return Optional.ofNullable((S) SERVERS.get(type));
    }

    static synchronized void stopAll() {
        while (!STOP_ORDER.isEmpty()) {
            AutoCloseable server = STOP_ORDER.pop();
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("streambot-test-kit: could not stop " + server + ": " + e);
            }
        }
        SERVERS.clear();
    }
}

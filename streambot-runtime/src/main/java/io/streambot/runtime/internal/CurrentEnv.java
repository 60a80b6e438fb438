package io.streambot.runtime.internal;

import io.streambot.runtime.StreambotEnv;

/**
 * Which snapshot {@link StreambotEnv}'s static getters read: the one pinned for the invocation on
 * the calling thread, else the most recently loaded one in this JVM.
 */
public final class CurrentEnv {
    private static final ThreadLocal<StreambotEnv.Snapshot> PINNED = new ThreadLocal<>();
    private static volatile StreambotEnv.Snapshot latest;

    private CurrentEnv() {}

    /** The snapshot for the calling thread. */
    public static StreambotEnv.Snapshot get() {
        StreambotEnv.Snapshot pinned = PINNED.get();
        if (pinned != null) {
            return pinned;
        }
        StreambotEnv.Snapshot last = latest;
        if (last == null) {
            throw new IllegalStateException("StreambotEnv was read before any streambot configuration was loaded:"
                    + " wrap the Lambda handler with Streambot.wrap(...) or extend StreambotRequestHandler /"
                    + " StreambotStreamHandler, and read StreambotEnv from inside the handler");
        }
        return last;
    }

    /** Pins {@code snapshot} for the calling thread and returns what was pinned before (usually null). */
    static StreambotEnv.Snapshot pin(StreambotEnv.Snapshot snapshot) {
        StreambotEnv.Snapshot before = PINNED.get();
        PINNED.set(snapshot);
        return before;
    }

    /** Restores what {@link #pin} returned, at the end of the invocation. */
    static void unpin(StreambotEnv.Snapshot before) {
        PINNED.set(before);
    }

    /** Records {@code snapshot} as the most recently loaded one. */
    static void loaded(StreambotEnv.Snapshot snapshot) {
        latest = snapshot;
    }
}

package io.streambot.core.stack;

/** Asks the person at the console whether to go on; the host decides whether there is anyone to ask. */
@FunctionalInterface
public interface Confirmation {
    /** @return true to go on */
    boolean confirm(String question);

    /** Goes on without asking (batch builds, {@code confirm} off). */
    static Confirmation notAsked() {
        return question -> true;
    }
}

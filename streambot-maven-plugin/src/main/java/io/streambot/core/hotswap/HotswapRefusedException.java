package io.streambot.core.hotswap;

/** Hotswap was asked for a stack it must not touch directly (termination protection), found before any write. */
public class HotswapRefusedException extends RuntimeException {
    public HotswapRefusedException(String message) {
        super(message);
    }
}

package io.streambot.core.hotswap;

/** Lambda could not apply the new code (its {@code LastUpdateStatus} became {@code Failed}). */
public class HotswapFailedException extends RuntimeException {
    public HotswapFailedException(String message) {
        super(message);
    }
}

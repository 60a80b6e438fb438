/**
 * The two seams streambot's own Lambda code reads through, shared by the runtime and the custom-resource
 * providers: {@link io.streambot.runtime.seams.Environment} (variables and system properties, a map in tests)
 * and {@link io.streambot.runtime.seams.Sleeper} (waits between retries). Public so the providers need nothing
 * from {@code io.streambot.runtime.internal}; not meant for handlers.
 */
package io.streambot.runtime.seams;

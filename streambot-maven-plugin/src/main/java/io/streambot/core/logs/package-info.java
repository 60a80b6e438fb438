/** The deployed functions' CloudWatch Logs, interleaved in time order, for {@code streambot:logs}. */
package io.streambot.core.logs;

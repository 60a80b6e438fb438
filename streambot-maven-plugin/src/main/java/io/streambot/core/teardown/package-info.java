/** Removes a deployed service, and only what it created: {@code streambot:teardown}. */
package io.streambot.core.teardown;

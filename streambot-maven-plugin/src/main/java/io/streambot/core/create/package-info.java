/**
 * The project generator behind {@code streambot:create}: writes a new service project from a named
 * {@link io.streambot.core.create.Starter} into a new folder. Maven-free; the templates are resources
 * under {@code io/streambot/core/create/starters/}.
 */
package io.streambot.core.create;

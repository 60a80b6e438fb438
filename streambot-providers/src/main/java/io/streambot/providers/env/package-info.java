/** {@code Custom::StreambotEnv}: writes a function's runtime configuration record. */
package io.streambot.providers.env;

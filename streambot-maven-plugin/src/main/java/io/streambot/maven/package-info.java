/** The Mojos: read parameters, build one request, call the core, translate its exceptions once. */
package io.streambot.maven;

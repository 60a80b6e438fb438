/** The custom-resource providers of the primary streambot stack. */
package io.streambot.providers;

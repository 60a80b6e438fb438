package io.streambot.core.stack;

import io.streambot.providers.PrimaryTemplate;

/**
 * The primary streambot stack's template (config table and the custom-resource providers), as shipped
 * in the {@code streambot-providers} artifact the plugin depends on.
 */
@FunctionalInterface
public interface PrimaryStackTemplate {
    /** The classpath resource inside {@code io.streambot:streambot-providers}. */
    String RESOURCE = PrimaryTemplate.RESOURCE;

    /** The template, or null when it is not available. */
    StackTemplate load();

    /** The template shipped on the classpath of {@code loader}. */
    static PrimaryStackTemplate fromClasspath(ClassLoader loader) {
        return () -> TemplateSource.fromClasspath(loader, RESOURCE);
    }
}

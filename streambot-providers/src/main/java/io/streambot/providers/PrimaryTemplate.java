package io.streambot.providers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The primary streambot template, shipped in this jar: the config table, the two provider functions,
 * their roles and log groups. Parameters {@value #TABLE_NAME}, {@value #CODE_BUCKET}, {@value #CODE_KEY}
 * and optional {@value #CODE_VERSION}; outputs (exported as {@code <stack name>-<output>})
 * {@value #ENV_FUNCTION_ARN}, {@value #CONNECTOR_FUNCTION_ARN}, {@value #CONFIG_TABLE_NAME} and
 * {@value #CONFIG_TABLE_ARN}.
 */
public final class PrimaryTemplate {
    /** The classpath resource of the template. */
    public static final String RESOURCE = "/io/streambot/providers/streambot.template.json";

    public static final String TABLE_NAME = "TableName";
    public static final String CODE_BUCKET = "CodeBucket";
    public static final String CODE_KEY = "CodeKey";
    public static final String CODE_VERSION = "CodeVersion";
    public static final String ENV_FUNCTION_ARN = "StreambotEnvFunctionArn";
    public static final String CONNECTOR_FUNCTION_ARN = "StreambotConnectorFunctionArn";
    public static final String CONFIG_TABLE_NAME = "ConfigTableName";
    public static final String CONFIG_TABLE_ARN = "ConfigTableArn";

    private PrimaryTemplate() {}

    /** The template's JSON text. */
    public static String body() {
        try (InputStream in = PrimaryTemplate.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the streambot-providers jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

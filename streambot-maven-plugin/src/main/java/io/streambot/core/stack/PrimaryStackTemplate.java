package io.streambot.core.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The primary streambot stack's template (config table and the custom-resource providers). Its one
 * source is the providers' own artifact: the template travels inside
 * {@code io.streambot:streambot-providers:zip:lambda}, the same zip whose code the stack runs, so the
 * template and the code it names cannot come from two places that disagree. The plugin does not
 * depend on the providers; the goals resolve that zip when {@code -Dstreambot.primaryStack=true}.
 */
@FunctionalInterface
public interface PrimaryStackTemplate {
    /** The template's entry in the providers' jar and Lambda zip. */
    String ENTRY = "io/streambot/providers/streambot.template.json";

    /** The same, as a classpath resource name. */
    String RESOURCE = "/" + ENTRY;

    // The names the primary template declares (PrimaryStackContractTest checks them against it).
    /** Parameter: the config table's name. */
    String TABLE_NAME = "TableName";
    /** Parameter: the bucket of the providers' code. */
    String CODE_BUCKET = "CodeBucket";
    /** Parameter: the key of the providers' code. */
    String CODE_KEY = "CodeKey";
    /** Optional parameter: the S3 version of the providers' code. */
    String CODE_VERSION = "CodeVersion";
    /** Output: the ARN of the function behind {@code Custom::StreambotEnv}. */
    String ENV_FUNCTION_ARN = "StreambotEnvFunctionArn";
    /** Output: the ARN of the function behind {@code Custom::StreambotConnector}. */
    String CONNECTOR_FUNCTION_ARN = "StreambotConnectorFunctionArn";
    /** Output: the config table's name. */
    String CONFIG_TABLE_NAME = "ConfigTableName";
    /** Output: the config table's ARN. */
    String CONFIG_TABLE_ARN = "ConfigTableArn";

    /** The template, or null when it is not available. */
    StackTemplate load();

    /** The template inside the providers' Lambda zip (or jar) {@code zip}; null when the zip has none. */
    static PrimaryStackTemplate fromZip(Path zip) {
        return () -> {
            try (ZipFile file = new ZipFile(zip.toFile())) {
                ZipEntry entry = file.getEntry(ENTRY);
                if (entry == null) {
                    return null;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    return StackTemplate.parse(
                            zip.getFileName() + "!" + RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the primary template from " + zip, e);
            }
        };
    }

    /** The template shipped on the classpath of {@code loader} (a build that has the providers' jar on it). */
    static PrimaryStackTemplate fromClasspath(ClassLoader loader) {
        return () -> TemplateSource.fromClasspath(loader, RESOURCE);
    }
}

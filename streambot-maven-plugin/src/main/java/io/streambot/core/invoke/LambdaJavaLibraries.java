package io.streambot.core.invoke;

import io.streambot.core.bundle.ArtifactResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The libraries Lambda's Java runtime puts beside a function: its {@code Context} types and its event
 * serialization. Only {@code invoke}'s child JVM needs them, so they are resolved when it runs instead
 * of riding in the plugin's class realm for every goal.
 */
public final class LambdaJavaLibraries {
    static final String GROUP_ID = "com.amazonaws";
    static final List<String> ARTIFACTS = List.of("aws-lambda-java-core", "aws-lambda-java-serialization");
    private static final String VERSIONS = "lambda-java-libraries.properties";

    private LambdaJavaLibraries() {}

    /** The versions the plugin was built and tested with, by artifactId. */
    static Properties versions() {
        Properties versions = new Properties();
        try (InputStream in = LambdaJavaLibraries.class.getResourceAsStream(VERSIONS)) {
            if (in == null) {
                throw new IllegalStateException(VERSIONS + " is missing from the plugin");
            }
            versions.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + VERSIONS, e);
        }
        return versions;
    }

    /**
     * Resolves the jars.
     *
     * @throws IOException when one cannot be resolved (the message names it)
     */
    public static List<Path> resolve(ArtifactResolver resolver) throws IOException {
        Properties versions = versions();
        List<Path> jars = new ArrayList<>();
        for (String artifactId : ARTIFACTS) {
            jars.add(resolver.resolve(GROUP_ID, artifactId, versions.getProperty(artifactId), "")
                    .file());
        }
        return List.copyOf(jars);
    }
}

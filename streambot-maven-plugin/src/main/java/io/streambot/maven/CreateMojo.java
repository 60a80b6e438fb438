package io.streambot.maven;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.create.CreateRequest;
import io.streambot.core.create.CreateResult;
import io.streambot.core.create.ProjectGenerator;
import io.streambot.core.create.StarterVersions;
import java.io.File;
import java.io.UncheckedIOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes a new service project into a new folder named after its artifactId, from a starter: the
 * {@code lambda}-packaged pom (this plugin with extensions, streambot-runtime, both at this plugin's
 * version), the handler wrapped by streambot-runtime, a unit test that feeds it the sample event, the
 * CloudFormation template (least privilege, no region, partition or account written in it), the sample
 * events and a README of four commands. Runs without a project:
 *
 * <pre>{@code
 * mvn io.streambot:streambot-maven-plugin:VERSION:create -DgroupId=com.example -DartifactId=orders-ingest -Dstarter=kinesis
 * }</pre>
 *
 * The new project's {@code mvn verify} passes on its first run. Refuses to write into a folder that
 * exists, and checks every name before writing anything.
 */
@Mojo(name = "create", requiresProject = false, threadSafe = true)
public class CreateMojo extends AbstractMojo {

    /** The new project's groupId, e.g. {@code com.example}. Required. Property {@code groupId}. */
    @Parameter(property = "groupId")
    private String groupId;

    /**
     * The new project's artifactId: also the name of its folder, its CloudFormation stack and its function
     * (letters, digits and {@code -}, starting with a letter). Required. Property {@code artifactId}.
     */
    @Parameter(property = "artifactId")
    private String artifactId;

    /** The new project's version. Property {@code projectVersion}, default {@code 1.0-SNAPSHOT}. */
    @Parameter(property = "projectVersion", defaultValue = "1.0-SNAPSHOT")
    private String projectVersion;

    /** The Java package of the handler. Property {@code package}, default the groupId. */
    @Parameter(property = "package")
    private String packageName;

    /**
     * The starter: {@code kinesis} (a Kinesis stream, configuration by {@code Custom::StreambotEnv}, the
     * mapping by {@code Custom::StreambotConnector}) or {@code dynamodb-stream} (a DynamoDB table's stream,
     * a native {@code AWS::Lambda::EventSourceMapping}, configuration by {@code put-env}). Property
     * {@code starter}, default {@code kinesis}.
     */
    @Parameter(property = "starter", defaultValue = "kinesis")
    private String starter;

    /**
     * The folder in which the project's folder is created. Property {@code streambot.create.directory},
     * default the current directory.
     */
    @Parameter(property = "streambot.create.directory", defaultValue = "${user.dir}")
    private File directory;

    /** Skips the goal. Property {@code streambot.create.skip}, default {@code false}. */
    @Parameter(property = "streambot.create.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping create because streambot.create.skip is true");
            return;
        }
        CreateResult result;
        try {
            result = new ProjectGenerator(new MavenEvents(getLog(), false))
                    .create(new CreateRequest(
                            directory.toPath(),
                            AbstractStreambotMojo.blankToNull(groupId),
                            AbstractStreambotMojo.blankToNull(artifactId),
                            AbstractStreambotMojo.blankToNull(projectVersion),
                            AbstractStreambotMojo.blankToNull(packageName),
                            AbstractStreambotMojo.blankToNull(starter),
                            StarterVersions.load()));
        } catch (InvalidConfigurationException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        getLog().info("Next: cd " + result.directory().getFileName() + " && mvn verify  (then see its README.md)");
    }
}

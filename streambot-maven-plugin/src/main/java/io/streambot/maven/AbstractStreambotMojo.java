package io.streambot.maven;

import io.streambot.core.DurationSetting;
import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.aws.AwsSettings;
import io.streambot.core.invoke.LambdaJavaLibraries;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * What every streambot goal shares: the project, the session, the events adapter and, for the goals
 * that talk to AWS, the one configuration block (region, profile, endpoint, server) turned into one
 * {@link AwsClientFactory}. Configure it once in the plugin's {@code <configuration>}; every goal
 * reads the same values, and each can be set on the command line as a {@code streambot.*} property.
 */
public abstract class AbstractStreambotMojo extends AbstractMojo {
    /** The providers' artifact: its Lambda zip holds their code and the primary stack's template. */
    static final String PROVIDERS_GROUP_ID = "io.streambot";

    static final String PROVIDERS_ARTIFACT_ID = "streambot-providers";

    /**
     * The AWS region of the stack, bucket and config table, e.g. {@code eu-west-1}. Property
     * {@code streambot.region}; defaults to the AWS chain (AWS_REGION, profile).
     */
    @Parameter(property = "streambot.region")
    protected String region;

    /**
     * A named AWS profile from {@code ~/.aws/config} (SSO profiles work). Property {@code streambot.profile};
     * defaults to the default credentials chain.
     */
    @Parameter(property = "streambot.profile")
    protected String profile;

    /**
     * An AWS-compatible endpoint that replaces AWS's own for every service, e.g.
     * {@code http://127.0.0.1:4566} for a local emulator. Without credentials configured, fixed dummy
     * keys are used against it. Property {@code streambot.endpoint}; no default.
     */
    @Parameter(property = "streambot.endpoint")
    protected String endpoint;

    /**
     * How long one AWS API call, retries included, may wait for its answer, e.g. {@code 30s} or {@code 2m}
     * (a number with a unit {@code ms}, {@code s}, {@code m}, {@code h}, or ISO-8601; above zero). An endpoint
     * that accepts the connection and never answers fails the goal within it, naming the endpoint. Calls
     * that send the code get one more second per 128 KB they carry. Property
     * {@code streambot.apiCallTimeout}, default {@code 30s}.
     */
    @Parameter(property = "streambot.apiCallTimeout", defaultValue = "30s")
    protected String apiCallTimeout;

    /**
     * The id of a {@code <server>} in Maven's {@code settings.xml} whose username and password are an
     * access key id and secret access key. Optional; the default credentials chain is used otherwise.
     * Property {@code streambot.serverId}.
     */
    @Parameter(property = "streambot.serverId")
    protected String serverId;

    /**
     * The S3 bucket that holds the function's code (and templates too large to pass inline). Must exist
     * unless {@code createBucket} is set on {@code upload}. Property {@code streambot.bucket}; no default.
     */
    @Parameter(property = "streambot.bucket")
    protected String bucket;

    /**
     * The key prefix under which code is stored: {@code <prefix>/<artifactId>/<sha256>.zip}. Property
     * {@code streambot.prefix}, default {@code streambot}.
     */
    @Parameter(property = "streambot.prefix", defaultValue = "streambot")
    protected String prefix;

    /** The name of the service's CloudFormation stack. Property {@code streambot.stack}, default the artifactId. */
    @Parameter(property = "streambot.stack", defaultValue = "${project.artifactId}")
    protected String stackName;

    /**
     * The name of the primary streambot stack (config table and custom-resource providers) in this
     * account and region; its outputs fill service templates' streambot parameters. Property
     * {@code streambot.primaryStackName}, default {@code streambot}.
     */
    @Parameter(property = "streambot.primaryStackName", defaultValue = "streambot")
    protected String primaryStackName;

    /**
     * Also upload the providers' code and create or update the primary streambot stack before the
     * service's own, so one {@code mvn deploy} goes from nothing to a working installation. Property
     * {@code streambot.primaryStack}, default {@code false}.
     */
    @Parameter(property = "streambot.primaryStack", defaultValue = "false")
    protected boolean deployPrimaryStack;

    /**
     * The streambot providers' Lambda zip, used with {@code -Dstreambot.primaryStack=true}: {@code upload}
     * uploads it and {@code deploy-stack} reads the primary stack's template from it. Defaults to
     * {@code io.streambot:streambot-providers:<plugin version>:zip:lambda}, resolved from the project's
     * repositories. Property: {@code streambot.providers.file}.
     */
    @Parameter(property = "streambot.providers.file")
    protected File providersFile;

    /** This plugin's version: the providers' code that matches it. Read-only. */
    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    protected String pluginVersion;

    @Inject
    protected RepositorySystem repositorySystem;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${settings}", readonly = true)
    protected Settings settings;

    /**
     * The providers' Lambda zip: {@code <providersFile>}, else the artifact matching this plugin's version.
     *
     * @throws MojoExecutionException when it cannot be resolved
     */
    protected Path providersZip() throws MojoExecutionException {
        if (providersFile != null) {
            return providersFile.toPath();
        }
        Artifact wanted =
                new DefaultArtifact(PROVIDERS_GROUP_ID, PROVIDERS_ARTIFACT_ID, "lambda", "zip", pluginVersion);
        try {
            ArtifactRequest request = new ArtifactRequest(wanted, project.getRemoteProjectRepositories(), null);
            return repositorySystem
                    .resolveArtifact(session.getRepositorySession(), request)
                    .getArtifact()
                    .getFile()
                    .toPath();
        } catch (ArtifactResolutionException e) {
            throw new MojoExecutionException(
                    "Could not resolve the providers' code " + PROVIDERS_GROUP_ID + ":" + PROVIDERS_ARTIFACT_ID
                            + ":zip:lambda:" + pluginVersion + ", needed because -Dstreambot.primaryStack=true: "
                            + e.getMessage() + ". Check the repositories, or point <providersFile>"
                            + " (-Dstreambot.providers.file) at the zip",
                    e);
        }
    }

    /** The core's events, shown on Maven's log. */
    protected Events events() {
        return new MavenEvents(getLog(), session != null && session.getRequest().isInteractiveMode());
    }

    /**
     * The AWS settings of this build, validated.
     *
     * @throws MojoFailureException naming the element and the fix when a value is invalid
     */
    protected AwsSettings awsSettings() throws MojoFailureException {
        URI endpointUri = null;
        if (endpoint != null && !endpoint.isBlank()) {
            try {
                endpointUri = new URI(endpoint.trim());
            } catch (URISyntaxException e) {
                throw new MojoFailureException("<endpoint> (-Dstreambot.endpoint) = '" + endpoint
                        + "' is not a URL: give the emulator's base URL, such as http://127.0.0.1:4566");
            }
        }
        AwsSettings.StaticKeys keys = null;
        if (serverId != null && !serverId.isBlank()) {
            Server server = settings == null ? null : settings.getServer(serverId);
            if (server == null || server.getUsername() == null || server.getPassword() == null) {
                throw new MojoFailureException("<serverId> (-Dstreambot.serverId) = '" + serverId
                        + "' names no <server> with <username> (access key id) and <password> (secret key)"
                        + " in settings.xml: add one, or remove <serverId> to use the default AWS credentials chain");
            }
            keys = new AwsSettings.StaticKeys(server.getUsername(), server.getPassword(), null);
        }
        AwsSettings.Proxy proxy = null;
        if (settings != null) {
            for (Proxy p : settings.getProxies()) {
                if (p.isActive() && ("https".equalsIgnoreCase(p.getProtocol()) || proxy == null)) {
                    proxy = new AwsSettings.Proxy(
                            p.getHost(), p.getPort(), p.getUsername(), p.getPassword(), p.getNonProxyHosts());
                }
            }
        }
        try {
            Duration callTimeout = apiCallTimeout == null
                    ? null
                    : DurationSetting.positive(apiCallTimeout, "<apiCallTimeout>", "streambot.apiCallTimeout");
            return new AwsSettings(blankToNull(region), blankToNull(profile), endpointUri, keys, proxy, callTimeout)
                    .validate();
        } catch (InvalidConfigurationException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /**
     * Adds the AWS SDK to this plugin's class realm (resolving it from the local repository or the build's plugin
     * repositories): an AWS goal calls it first, after its {@code skip}, before any core class that uses the SDK.
     *
     * @throws MojoExecutionException naming the artifacts that could not be resolved and the fix
     */
    protected void loadAwsSdk() throws MojoExecutionException {
        load(RealmLibrary.AWS_SDK);
    }

    /** Adds a library the plugin declares {@code provided} to its class realm, once: see {@link RealmLibrary}. */
    void load(RealmLibrary library) throws MojoExecutionException {
        ClassLoader loader = getClass().getClassLoader();
        if (library.visible(loader)) {
            return;
        }
        library.load(loader, repositorySystem, session.getRepositorySession(), project.getRemotePluginRepositories());
    }

    /**
     * A client factory for this build, with credentials verified: fails before any side effect when
     * the region or the credentials are missing. Close it when done.
     */
    protected AwsClientFactory awsClients() throws MojoFailureException {
        try {
            AwsClientFactory factory = new AwsClientFactory(awsSettings());
            try {
                factory.verifyCredentials();
            } catch (InvalidConfigurationException e) {
                factory.close();
                throw e;
            }
            return factory;
        } catch (InvalidConfigurationException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /** Turns a core configuration error into the build failure that names the element and the fix. */
    protected static MojoFailureException failure(InvalidConfigurationException e) {
        return new MojoFailureException(e.getMessage(), e);
    }

    /** Turns a failure of I/O, credentials or the cloud into a build error. */
    protected static MojoExecutionException error(String what, Exception e) {
        return new MojoExecutionException(what + ": " + e.getMessage(), e);
    }

    /**
     * Turns the SDK's own exception (caught as {@link RuntimeException}: a Mojo class names no SDK type, see
     * {@link RealmLibrary}) into a build error; any other is thrown on unchanged.
     */
    protected static MojoExecutionException sdkError(String what, RuntimeException e) {
        if (SdkCalls.isSdkException(e)) {
            return error(what, e);
        }
        throw e;
    }

    /** Turns a failed AWS call (its message already says what to do) into a build error. */
    protected static MojoExecutionException error(AwsCallException e) {
        return new MojoExecutionException(e.getMessage(), e);
    }

    protected static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Lambda's own Java libraries (what the Lambda runtime provides), resolved for a local run. */
    protected List<Path> lambdaJavaLibraries() throws MojoExecutionException {
        try {
            return LambdaJavaLibraries.resolve(new MavenArtifactResolver(
                    repositorySystem, session.getRepositorySession(), project.getRemoteProjectRepositories()));
        } catch (IOException e) {
            throw error("streambot could not resolve Lambda's Java libraries", e);
        }
    }
}

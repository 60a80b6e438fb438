package io.streambot.maven;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.bundle.Architecture;
import io.streambot.core.bundle.BundleDependency;
import io.streambot.core.bundle.BundleException;
import io.streambot.core.bundle.BundleRequest;
import io.streambot.core.bundle.FunctionPlatformCheck;
import io.streambot.core.bundle.LambdaBundler;
import io.streambot.core.bundle.NativeArtifactRule;
import io.streambot.core.bundle.NoOpBundle;
import io.streambot.core.stack.FunctionDeclarations;
import io.streambot.core.stack.FunctionHandler;
import io.streambot.core.stack.FunctionHandlers;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Builds the function's Lambda deployment zip: with {@code <packaging>lambda</packaging>} it is the
 * project's main artifact (extension {@code zip}, installed by {@code mvn install} as
 * {@code artifactId-version.zip}); with any other packaging it is attached to the build (classifier
 * {@code lambda}, type {@code zip}). Either way the file is
 * {@code target/<finalName>-<classifier>.zip}. Classes and resources at the root, each runtime dependency as a jar in
 * {@code lib/}, native libraries made right for Linux on {@code architecture}, byte-for-byte
 * reproducible, and skipped when nothing changed since the last bundle: a first, cheap digest of the raw inputs
 * (parameters, template bytes, class and dependency stamps) skips even the template checks on a no-op, and any
 * changed input runs every check again. With {@code <layer>true</layer>} the
 * dependencies go into a second zip instead, a Lambda layer ({@code java/lib/*.jar}) attached with classifier
 * {@code layer}, and the function zip keeps only the function's own classes and resources.
 */
@Mojo(
        name = "bundle",
        defaultPhase = LifecyclePhase.PACKAGE,
        requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class BundleMojo extends AbstractStreambotMojo {
    /** The packaging this plugin contributes (META-INF/plexus/components.xml): the zip is the main artifact. */
    static final String LAMBDA_PACKAGING = "lambda";
    /** The classifier of the attached dependency layer ({@code <layer>true</layer>}). */
    static final String LAYER_CLASSIFIER = "layer";

    /**
     * The Lambda architecture the function runs on: {@code x86_64} or {@code arm64}. Never taken from the
     * build machine. Property {@code streambot.architecture}, default {@code x86_64}.
     */
    @Parameter(property = "streambot.architecture", defaultValue = "x86_64")
    private String architecture;

    /**
     * The function's handler, {@code com.example.Handler::handleRequest} or a class name; the bundle fails
     * unless that class and method are in it. When unset, the {@code Handler} of every Java function in the
     * project's template ({@code <template>}) is checked instead. Property {@code streambot.handler}.
     */
    @Parameter(property = "streambot.handler")
    private String handler;

    /**
     * The CloudFormation template whose Java functions' handlers are checked when {@code <handler>} is
     * unset, as {@code deploy-stack} finds it: defaults to the single {@code *.json}, {@code *.yaml},
     * {@code *.yml} or {@code *.template} file in {@code src/main/cloudformation/}; with none or several
     * there, no handler is checked. Property {@code streambot.template}.
     */
    @Parameter(property = "streambot.template")
    private File template;

    /**
     * Whether to remove native libraries built for other systems or architectures from the dependency
     * jars (sqlite-jdbc, snappy-java, zstd-jni, ... carry every platform). When off, such a library fails
     * the build. Property {@code streambot.stripForeignNatives}, default {@code true}.
     */
    @Parameter(property = "streambot.stripForeignNatives", defaultValue = "true")
    private boolean stripForeignNatives;

    /**
     * Classifiers of native artifacts the built-in table does not know, or knows differently; a mapping
     * replaces the built-in one for the same artifact:
     *
     * <pre>{@code
     * <nativeMappings>
     *   <nativeMapping>
     *     <artifact>com.example:fast-native</artifact>
     *     <x86_64>linux-x86_64</x86_64>
     *     <arm64>linux-aarch_64</arm64>
     *     <defaultJar>swap</defaultJar> <!-- or strip: the default jar carries every platform -->
     *   </nativeMapping>
     * </nativeMappings>
     * }</pre>
     */
    @Parameter
    private List<NativeMapping> nativeMappings = new ArrayList<>();

    /**
     * When to add {@code io.streambot:streambot-runtime} (with its dependencies) to {@code lib/}:
     * {@code auto} (when the handler is a runtime class or the function's classes use the runtime and it
     * is not already a dependency), {@code always} or {@code never}. Property
     * {@code streambot.includeRuntime}, default {@code auto}.
     */
    @Parameter(property = "streambot.includeRuntime", defaultValue = "auto")
    private String includeRuntime;

    /**
     * Puts the runtime dependencies into a shared dependency layer instead of the function zip's {@code lib/}:
     * {@code target/<finalName>-layer.zip}, in Lambda's Java layer layout ({@code java/lib/*.jar}), byte-for-byte
     * reproducible and attached with classifier {@code layer} (type {@code zip}). The function zip then holds
     * only the function's own classes and resources, so a code change uploads kilobytes while the unchanged
     * layer, stored under its content hash by {@code upload}, is never sent or re-published. The template
     * binds it with an {@code AWS::Lambda::LayerVersion} whose {@code Content} is
     * {@code {"S3Bucket": {"Ref": "LayerBucket"}, "S3Key": {"Ref": "LayerKey"}}} (see the goals page).
     * Property {@code streambot.layer}, default {@code false}.
     */
    @Parameter(property = "streambot.layer", defaultValue = "false")
    private boolean layer;

    /** Skips the bundle. Property {@code streambot.bundle.skip}, default {@code false}. */
    @Parameter(property = "streambot.bundle.skip", defaultValue = "false")
    private boolean skip;

    /**
     * The zip's name without classifier and extension. Property {@code streambot.bundle.finalName},
     * default <code>${project.build.finalName}</code>.
     */
    @Parameter(property = "streambot.bundle.finalName", defaultValue = "${project.build.finalName}")
    private String finalName;

    /**
     * The classifier of the attached zip, also the suffix of its name. Property
     * {@code streambot.bundle.classifier}, default {@code lambda}.
     */
    @Parameter(property = "streambot.bundle.classifier", defaultValue = "lambda")
    private String classifier;

    /**
     * The time every zip entry carries: ISO-8601 or seconds since the epoch. Defaults to
     * <code>${project.build.outputTimestamp}</code>, and to 1980-01-01T00:00:02Z when that is unset.
     */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /**
     * The build fails when the unzipped bundle is larger than this many bytes. Property
     * {@code streambot.bundle.maxUnzippedBytes}, default Lambda's limit {@code 262144000}.
     */
    @Parameter(property = "streambot.bundle.maxUnzippedBytes", defaultValue = "262144000")
    private long maxUnzippedBytes;

    /**
     * A warning when the unzipped bundle is larger than this many bytes. Property
     * {@code streambot.bundle.warnUnzippedBytes}, default {@code 235929600} (90% of Lambda's limit).
     */
    @Parameter(property = "streambot.bundle.warnUnzippedBytes", defaultValue = "235929600")
    private long warnUnzippedBytes;

    /**
     * A warning when the zip is larger than this many bytes. Property
     * {@code streambot.bundle.warnZippedBytes}, default {@code 52428800} (the 50 MB of a direct upload).
     */
    @Parameter(property = "streambot.bundle.warnZippedBytes", defaultValue = "52428800")
    private long warnZippedBytes;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    private File outputDirectory;

    @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true)
    private File classesDirectory;

    @Inject
    private MavenProjectHelper projectHelper;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping bundle because streambot.bundle.skip is true");
            return;
        }
        if ("pom".equals(project.getPackaging())) {
            getLog().info("Skipping bundle because the project's packaging is pom: it has no function code");
            return;
        }
        Path zip = outputDirectory
                .toPath()
                .resolve(finalName + "-" + classifier + ".zip")
                .normalize();
        Path layerZip = layer
                ? outputDirectory
                        .toPath()
                        .resolve(finalName + "-" + LAYER_CLASSIFIER + ".zip")
                        .normalize()
                : null;
        LambdaBundler bundler = new LambdaBundler(
                new MavenArtifactResolver(
                        repositorySystem, session.getRepositorySession(), project.getRemoteProjectRepositories()),
                events());
        Path workDirectory = outputDirectory.toPath().resolve("streambot");
        try {
            List<BundleDependency> dependencies = runtimeDependencies();
            // A first, cheap look at the raw inputs, before any template is parsed: unchanged, nothing to do.
            NoOpBundle.bundleUnlessUnchanged(
                    NoOpBundle.inputsKey(
                            parameters(zip, layerZip),
                            project.getBasedir().toPath(),
                            template == null ? null : template.toPath(),
                            classesDirectory.toPath(),
                            dependencies),
                    workDirectory,
                    zip,
                    layerZip,
                    events(),
                    () -> {
                        // Only now, with a zip to write, does the realm get plexus-archiver (RealmLibrary).
                        load(RealmLibrary.ZIP_WRITER);
                        FunctionPlatformCheck.check(
                                Architecture.parse(architecture),
                                FunctionDeclarations.fromProject(
                                        project.getBasedir().toPath(),
                                        template == null ? null : template.toPath(),
                                        events()),
                                classesDirectory.toPath(),
                                dependencies.stream()
                                        .map(BundleDependency::file)
                                        .toList(),
                                workDirectory.resolve("newest-class.txt"));
                        bundler.bundle(request(zip, dependencies).withLayer(layerZip));
                    });
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        } catch (BundleException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw error("Could not bundle " + zip, e);
        } catch (UncheckedIOException e) {
            throw error("Could not bundle " + zip, e.getCause());
        }
        if (LAMBDA_PACKAGING.equals(project.getPackaging())) {
            project.getArtifact().setFile(zip.toFile());
        } else {
            projectHelper.attachArtifact(project, "zip", classifier, zip.toFile());
        }
        if (layerZip != null) {
            projectHelper.attachArtifact(project, "zip", LAYER_CLASSIFIER, layerZip.toFile());
        }
    }

    /** Every parameter the goal reads, as text: any change makes {@link NoOpBundle} run the whole goal. */
    private String parameters(Path zip, Path layerZip) {
        StringBuilder text = new StringBuilder()
                .append("architecture=")
                .append(architecture)
                .append("\nhandler=")
                .append(handler)
                .append("\ntemplate=")
                .append(template == null ? null : template.getAbsolutePath())
                .append("\nstrip=")
                .append(stripForeignNatives)
                .append("\nincludeRuntime=")
                .append(includeRuntime)
                .append("\npluginVersion=")
                .append(pluginVersion)
                .append("\nzip=")
                .append(zip.toAbsolutePath())
                .append("\nlayer=")
                .append(layerZip == null ? null : layerZip.toAbsolutePath())
                .append("\noutputTimestamp=")
                .append(outputTimestamp)
                .append("\nlimits=")
                .append(maxUnzippedBytes)
                .append(',')
                .append(warnUnzippedBytes)
                .append(',')
                .append(warnZippedBytes)
                .append("\nclasses=")
                .append(classesDirectory.getAbsolutePath());
        for (NativeMapping mapping : nativeMappings) {
            text.append("\nnativeMapping=").append(mapping.toRule());
        }
        return text.toString();
    }

    private BundleRequest request(Path zip, List<BundleDependency> dependencies) {
        List<NativeArtifactRule> rules = new ArrayList<>();
        for (NativeMapping mapping : nativeMappings) {
            rules.add(mapping.toRule());
        }
        return new BundleRequest(
                classesDirectory.toPath(),
                dependencies,
                Architecture.parse(architecture),
                stripForeignNatives,
                rules,
                blankToNull(handler),
                BundleRequest.RuntimeInclusion.parse(includeRuntime),
                pluginVersion,
                zip,
                outputDirectory.toPath().resolve("streambot"),
                BundleRequest.parseTimestamp(outputTimestamp),
                maxUnzippedBytes,
                warnUnzippedBytes,
                warnZippedBytes,
                blankToNull(handler) != null ? List.of() : templateHandlers());
    }

    private List<FunctionHandler> templateHandlers() {
        return FunctionHandlers.fromProject(
                project.getBasedir().toPath(), template == null ? null : template.toPath(), events());
    }

    private List<BundleDependency> runtimeDependencies() {
        List<BundleDependency> dependencies = new ArrayList<>();
        for (Artifact a : project.getArtifacts()) {
            boolean runtime =
                    Artifact.SCOPE_COMPILE.equals(a.getScope()) || Artifact.SCOPE_RUNTIME.equals(a.getScope());
            if (runtime && a.getArtifactHandler().isAddedToClasspath() && a.getFile() != null) {
                dependencies.add(new BundleDependency(
                        a.getGroupId(),
                        a.getArtifactId(),
                        a.getBaseVersion(),
                        a.getClassifier(),
                        a.getFile().toPath()));
            }
        }
        return dependencies;
    }
}

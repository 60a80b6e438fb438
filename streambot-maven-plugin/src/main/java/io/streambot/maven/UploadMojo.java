package io.streambot.maven;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.bundle.LayerReport;
import io.streambot.core.stack.LayerLimits;
import io.streambot.core.upload.ByteSize;
import io.streambot.core.upload.ContentAddressedUpload;
import io.streambot.core.upload.UploadManifest;
import io.streambot.core.upload.UploadRequest;
import io.streambot.core.upload.UploadResult;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Uploads the function's Lambda bundle to S3 under {@code <prefix>/<artifactId>/<sha256>.zip}. Nothing
 * is sent when that object already exists with the same SHA-256. Exports {@code streambot.code.bucket},
 * {@code .key}, {@code .version}, {@code .sha256} and {@code .sha256Base64} as project properties and in
 * {@code target/streambot/upload.json} for {@code deploy-stack}. With {@code -Dstreambot.primaryStack=true}
 * it also uploads the streambot providers' code ({@code streambot.providers.*}).
 *
 * <p>When {@code bundle} built a dependency layer ({@code <layer>true</layer>}: the attached artifact with
 * classifier {@code layer}), it goes up too, under its own content hash, {@code <prefix>/layers/<sha256>.zip}
 * (shared by every module with the same jars; an unchanged layer costs one HEAD request and one line), exported
 * as {@code streambot.layer.*} and as {@code upload.json}'s {@code layer}. Before any byte is sent, the layer
 * limits of the project's template are checked (at most 5 layers per function, 250 MB unzipped with the
 * function, matching architectures, the layer listed by the functions that need it).
 */
@Mojo(name = "upload", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class UploadMojo extends AbstractStreambotMojo {
    static final String PROVIDERS = PROVIDERS_ARTIFACT_ID;

    /**
     * The zip to upload. Defaults to the artifact that {@code streambot:bundle} attached (classifier
     * {@code lambda}, type {@code zip}), else <code>${project.build.directory}/${project.build.finalName}-lambda.zip</code>.
     * A file that is not a zip, or an empty one, fails the build before any request. Property:
     * {@code streambot.upload.file}.
     */
    @Parameter(property = "streambot.upload.file")
    private File file;

    /** Skip this goal. Property: {@code streambot.upload.skip}; default {@code false}. */
    @Parameter(property = "streambot.upload.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Create the bucket when it does not exist: private, with ACLs disabled and all public access
     * blocked. Property: {@code streambot.upload.createBucket}; default {@code false}.
     */
    @Parameter(property = "streambot.upload.createBucket", defaultValue = "false")
    private boolean createBucket;

    /**
     * Encrypt the code with this KMS key instead of the bucket's default encryption: a key id
     * ({@code 1234abcd-12ab-34cd-56ef-1234567890ab}, {@code mrk-...}), an alias ({@code alias/my-key}) or the
     * ARN of a key or an alias. Anything else fails the build before any request. Property:
     * {@code streambot.upload.kmsKeyId}.
     */
    @Parameter(property = "streambot.upload.kmsKeyId")
    private String kmsKeyId;

    /**
     * Tags for the uploaded objects, at most 10, e.g. {@code <tags><team>payments</team></tags>}.
     */
    @Parameter
    private Map<String, String> tags;

    /**
     * Files larger than this go up as a multipart upload with parallel parts, e.g. {@code 16MB}.
     * Property: {@code streambot.upload.multipartThreshold}; default {@code 16MB}.
     */
    @Parameter(property = "streambot.upload.multipartThreshold", defaultValue = "16MB")
    private String multipartThreshold;

    /** The size of each part of a multipart upload (at least 5MB). Property: {@code streambot.upload.partSize}; default {@code 8MB}. */
    @Parameter(property = "streambot.upload.partSize", defaultValue = "8MB")
    private String partSize;

    /** How many parts go up at once. Property: {@code streambot.upload.threads}; default {@code 4}. */
    @Parameter(property = "streambot.upload.threads", defaultValue = "4")
    private int uploadThreads;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping upload because streambot.upload.skip is set");
            return;
        }
        loadAwsSdk();
        awsSettings(); // a bad <region>, <endpoint> or <apiCallTimeout> is named before the files are read
        UploadRequest request = request();
        Path providers = deployPrimaryStack ? providersZip() : null;
        Path layer = layerZip();
        // Every file and the layer limits are checked before the first byte goes up, so a bad one never leaves
        // another uploaded.
        try {
            if (providers != null) {
                UploadRequest.requireZip(providers, "<providersFile>", "streambot.providers.file");
            }
            if (layer != null) {
                UploadRequest.requireZip(layer, "<layer>", "streambot.layer");
                LayerLimits.checkProject(
                        project.getBasedir().toPath(),
                        null,
                        project.getArtifactId(),
                        events(),
                        new ReactorLayers(session, project)::built);
            }
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        }
        try (AwsClientFactory aws = awsClients()) {
            ContentAddressedUpload upload = new ContentAddressedUpload(aws.s3(), events());
            UploadResult code = upload.upload(request, createBucket);
            UploadResult layerCode = layer == null
                    ? null
                    : upload.upload(request.withFile(layer, UploadRequest.LAYERS), createBucket, "the layer");
            UploadResult providersCode =
                    providers == null ? null : upload.upload(request.withFile(providers, PROVIDERS), createBucket);
            export("streambot.code.", code);
            if (layerCode != null) {
                export(ReactorLayers.LAYER_PROPERTIES, layerCode);
            }
            if (providersCode != null) {
                export("streambot.providers.", providersCode);
            }
            UploadManifest.write(manifest(), project.getArtifactId(), code, layerCode, providersCode);
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        } catch (AwsCallException e) {
            throw error(e);
        } catch (IOException | UncheckedIOException e) {
            throw error("upload failed", e);
        }
    }

    private UploadRequest request() throws MojoFailureException {
        try {
            return new UploadRequest(
                            bundle(),
                            blankToNull(bucket),
                            prefix,
                            project.getArtifactId(),
                            blankToNull(kmsKeyId),
                            tags,
                            size(multipartThreshold, "<multipartThreshold>", "streambot.upload.multipartThreshold"),
                            size(partSize, "<partSize>", "streambot.upload.partSize"),
                            uploadThreads)
                    .validate();
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        }
    }

    private Path bundle() throws MojoFailureException {
        if (file != null) {
            return file.toPath();
        }
        for (Artifact a : project.getAttachedArtifacts()) {
            if ("lambda".equals(a.getClassifier()) && "zip".equals(a.getType()) && a.getFile() != null) {
                return a.getFile().toPath();
            }
        }
        Path fallback =
                Path.of(project.getBuild().getDirectory(), project.getBuild().getFinalName() + "-lambda.zip");
        if (Files.isRegularFile(fallback)) {
            return fallback;
        }
        throw new MojoFailureException("No Lambda bundle to upload: the project has no attached artifact with"
                + " classifier 'lambda' and type 'zip', and " + fallback + " does not exist. Run streambot:bundle"
                + " first (bind it to the package phase and run `mvn deploy`), or point <file>"
                + " (-Dstreambot.upload.file) at the zip");
    }

    /** The dependency layer {@code bundle} built ({@code <layer>true</layer>}), or null. */
    private Path layerZip() throws MojoExecutionException {
        for (Artifact a : project.getAttachedArtifacts()) {
            if (BundleMojo.LAYER_CLASSIFIER.equals(a.getClassifier())
                    && "zip".equals(a.getType())
                    && a.getFile() != null) {
                return a.getFile().toPath();
            }
        }
        try {
            // `mvn streambot:upload` alone: the report of the last bundle names its layer (none without <layer>).
            LayerReport report =
                    LayerReport.readIfPresent(Path.of(project.getBuild().getDirectory(), "streambot"));
            return report == null || !Files.isRegularFile(Path.of(report.zip())) ? null : Path.of(report.zip());
        } catch (IOException e) {
            throw error("Could not read the layer report of the last bundle", e);
        }
    }

    private long size(String text, String element, String property) {
        long bytes = ByteSize.parse(text);
        if (bytes < 0) {
            throw new InvalidConfigurationException(
                    element, property, text, "is not a size", "use a number of bytes or a size such as 16MB");
        }
        return bytes;
    }

    private void export(String prefix, UploadResult result) {
        Properties p = project.getProperties();
        p.setProperty(prefix + "bucket", result.bucket());
        p.setProperty(prefix + "key", result.key());
        p.setProperty(prefix + "version", result.version());
        p.setProperty(prefix + "sha256", result.sha256Hex());
        p.setProperty(prefix + "sha256Base64", result.sha256Base64());
    }

    private Path manifest() {
        return Path.of(project.getBuild().getDirectory(), "streambot", "upload.json");
    }
}

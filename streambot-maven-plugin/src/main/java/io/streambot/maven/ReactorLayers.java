package io.streambot.maven;

import io.streambot.core.bundle.BundleReport;
import io.streambot.core.bundle.LambdaBundler;
import io.streambot.core.bundle.LayerReport;
import io.streambot.core.stack.CodeLocation;
import io.streambot.core.stack.FunctionBindings;
import io.streambot.core.stack.LayerBindings;
import io.streambot.core.stack.LayerLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;

/**
 * What the modules of this reactor built and uploaded, by bundle stem ({@code ""}: the current module):
 * their bundles' and layers' reports ({@code target/streambot/bundle-report.json},
 * {@code layer-report.json}) for {@link LayerLimits}, and their layers' uploads ({@code streambot.layer.*},
 * else {@code upload.json}'s {@code layer}) for {@link LayerBindings}.
 */
final class ReactorLayers {
    /** The prefix of the project properties {@code upload} exports for the layer. */
    static final String LAYER_PROPERTIES = "streambot.layer.";
    /** The section of {@code upload.json} that holds the layer's upload. */
    static final String LAYER_SECTION = "layer";

    private final MavenSession session;
    private final MavenProject project;

    ReactorLayers(MavenSession session, MavenProject project) {
        this.session = session;
        this.project = project;
    }

    /**
     * The layer parameters of {@code checked}'s template, after {@link LayerLimits} passed: the hook of
     * {@code deploy-stack}.
     *
     * @param given the user's parameter values
     * @param alreadyFilled the code parameters filled for other modules' bundles
     */
    Map<String, String> parameters(
            FunctionBindings.Checked checked, Map<String, String> given, Map<String, String> alreadyFilled) {
        List<LayerBindings.Binding> layers = LayerBindings.of(checked.template(), checked.displayName());
        LayerLimits.check(checked.template(), checked.displayName(), checked.bindings(), layers, this::built);
        return LayerBindings.parameters(
                checked.template(), checked.displayName(), layers, given, alreadyFilled, this::uploadedLayer);
    }

    /** What the module with {@code stem} built, or null when no module has that stem or it has not bundled. */
    LayerLimits.BuiltBundle built(String stem) {
        MavenProject module = module(stem);
        if (module == null) {
            return null;
        }
        Path work = Path.of(module.getBuild().getDirectory(), "streambot");
        Path report = LambdaBundler.reportFile(work);
        try {
            LayerReport layer = LayerReport.readIfPresent(work);
            long unzipped =
                    Files.isRegularFile(report) ? BundleReport.read(report).unzippedBytes() : -1;
            return unzipped < 0 && layer == null ? null : new LayerLimits.BuiltBundle(unzipped, layer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle reports in " + work, e);
        }
    }

    /** Where the module with {@code stem} uploaded its layer, or null. */
    CodeLocation uploadedLayer(String stem) {
        MavenProject module = module(stem);
        if (module == null) {
            return null;
        }
        Properties props = module.getProperties();
        CodeLocation fromProperties = CodeLocation.of(
                props.getProperty(LAYER_PROPERTIES + "bucket"),
                props.getProperty(LAYER_PROPERTIES + "key"),
                props.getProperty(LAYER_PROPERTIES + "version"));
        return fromProperties != null
                ? fromProperties
                : CodeLocation.fromUploadJson(
                        Path.of(module.getBuild().getDirectory(), "streambot", "upload.json"), LAYER_SECTION);
    }

    private MavenProject module(String stem) {
        if (stem.isEmpty()) {
            return project;
        }
        List<MavenProject> projects = session == null ? null : session.getAllProjects();
        for (MavenProject module : projects == null ? List.<MavenProject>of() : projects) {
            if (module != project
                    && FunctionBindings.stem(module.getArtifactId()).equals(stem)) {
                return module;
            }
        }
        return null;
    }
}

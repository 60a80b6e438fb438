package io.streambot.maven;

import io.streambot.core.DurationSetting;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.bundle.Architecture;
import io.streambot.core.bundle.BundleException;
import io.streambot.core.bundle.FunctionPlatformCheck;
import io.streambot.core.env.PutEnvCompensation;
import io.streambot.core.hotswap.BundleCode;
import io.streambot.core.hotswap.Hotswap;
import io.streambot.core.hotswap.HotswapFailedException;
import io.streambot.core.hotswap.HotswapRefusedException;
import io.streambot.core.stack.BundleParameters;
import io.streambot.core.stack.CodeLocation;
import io.streambot.core.stack.Confirmation;
import io.streambot.core.stack.DeployRequest;
import io.streambot.core.stack.FunctionBindings;
import io.streambot.core.stack.FunctionDeclarations;
import io.streambot.core.stack.Polling;
import io.streambot.core.stack.PrimaryStackTemplate;
import io.streambot.core.stack.StackDeployment;
import io.streambot.core.stack.StackDeploymentException;
import io.streambot.core.stack.StackFailedException;
import io.streambot.core.stack.TemplateParameters;
import io.streambot.core.stack.TemplateSource;
import java.io.Console;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Creates or updates the service's CloudFormation stack from the project's template through a change
 * set: prints the planned changes, streams the stack's events while it deploys, and exports the
 * outputs as {@code streambot.stack.<OutputKey>} project properties and
 * {@code target/streambot/stack-<name>.json}. Nothing is written when the deployed stack already has
 * the same template, parameters, tags and code ("stack X is up to date").
 *
 * <p>Template parameters named {@code CodeBucket}, {@code CodeKey} and {@code CodeVersion} are filled
 * from the {@code upload} goal; {@code StreambotEnvFunctionArn}, {@code StreambotConnectorFunctionArn}
 * and {@code ConfigTableName} from the primary streambot stack's outputs. A function whose {@code Code}
 * refers to {@code CodeBucket<Stem>}/{@code CodeKey<Stem>} runs the bundle of the reactor module whose
 * artifactId gives {@code <Stem>} ({@code replay-fn}: {@code ReplayFn}); those parameters are filled from
 * that module's upload. Which bundle each function runs is checked before any call (a function without code,
 * one bound to two bundles, two functions sharing a {@code FunctionName}, a bundle that no function uses, and a
 * bound module this module does not declare a {@code <dependency>} on fail). An {@code AWS::Lambda::LayerVersion}
 * whose {@code Content} is {@code Ref LayerBucket[<Stem>]}/{@code Ref LayerKey[<Stem>]} publishes the dependency layer
 * of this module or of a reactor module ({@code bundle}'s {@code <layer>true</layer>}), filled the same way; the
 * layer limits (5 layers, 250 MB unzipped, architectures, the layer listed by the functions that need it) are
 * checked before any call. With
 * {@code -Dstreambot.primaryStack=true} the primary stack itself is deployed first.
 *
 * <p>In a reactor, {@code mvn deploy} (or {@code mvn -T 2 deploy}) at the root deploys the whole service: each
 * function module uploads its bundle in its own deploy phase (in parallel under {@code -T}), and the stack
 * module, which depends on them ({@code <type>pom</type><scope>provided</scope>}), deploys one change set. A
 * {@code lambda} module without a template that another module depends on skips this goal.
 *
 * <p>When the deploy fails, the config records that {@code put-env} wrote earlier in the same build are
 * restored to what they were before the build (each conditionally on the version put-env wrote, so a
 * concurrent writer's change is kept), and what was restored is logged.
 */
@Mojo(name = "deploy-stack", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class DeployStackMojo extends AbstractStreambotMojo {
    /** Prefix of user properties that set template parameters: {@code -Dstreambot.parameter.Name=value}. */
    static final String PARAMETER_PROPERTY_PREFIX = "streambot.parameter.";

    private static final String LAMBDA_PACKAGING = "lambda";

    /**
     * The CloudFormation template (JSON or YAML). Defaults to the single {@code *.json}, {@code *.yaml},
     * {@code *.yml} or {@code *.template} file in {@code src/main/cloudformation/}.
     */
    @Parameter(property = "streambot.template")
    private File template;

    /**
     * The Lambda architecture the bundle was built for, as {@code streambot:bundle}'s {@code <architecture>}:
     * the stack is not deployed when a Java function's {@code Architectures} in the template differs (nor when
     * a class in {@code target/classes} is newer than the function's {@code Runtime}). Property {@code
     * streambot.architecture}, default {@code x86_64}.
     */
    @Parameter(property = "streambot.architecture", defaultValue = "x86_64")
    private String architecture;

    /**
     * Template parameter values, e.g. {@code <parameters><EventBucket>my-events</EventBucket></parameters>}.
     * A user property {@code -Dstreambot.parameter.Name=value} sets or overrides one. Names the template
     * does not declare fail the build; on update, parameters not given keep their previous value.
     */
    @Parameter
    private Map<String, String> parameters;

    /** Tags for the stack (CloudFormation propagates them to the resources), e.g. {@code <tags><team>data</team></tags>}. */
    @Parameter
    private Map<String, String> tags;

    /**
     * The capabilities to acknowledge ({@code CAPABILITY_IAM}, {@code CAPABILITY_NAMED_IAM},
     * {@code CAPABILITY_AUTO_EXPAND}). Default: computed from the template's resources and transforms.
     */
    @Parameter(property = "streambot.capabilities")
    private List<String> capabilities;

    /** Print the planned changes and stop without changing the stack (the change set is deleted). Property {@code streambot.dryRun}, default false. */
    @Parameter(property = "streambot.dryRun", defaultValue = "false")
    private boolean dryRun;

    /**
     * Ask for confirmation before executing the change set. Only asked on an interactive console,
     * never in batch mode ({@code -B}). Property {@code streambot.confirm}, default false.
     */
    @Parameter(property = "streambot.confirm", defaultValue = "false")
    private boolean confirm;

    /**
     * What CloudFormation does when creating the stack fails: {@code DELETE} (default: the failed stack is
     * deleted, so a failed first deploy leaves no stack behind; its events are in the build's log),
     * {@code ROLLBACK} (keeps the empty stack in {@code ROLLBACK_COMPLETE} to inspect it in the console; the next
     * deploy deletes and creates it again) or {@code DO_NOTHING}. Property {@code streambot.onFailure}.
     */
    @Parameter(property = "streambot.onFailure")
    private String onFailure;

    /** Keep what was created or changed when the deployment fails (for debugging), instead of rolling back. Property {@code streambot.disableRollback}, default false. */
    @Parameter(property = "streambot.disableRollback", defaultValue = "false")
    private boolean disableRollback;

    /** Enable ({@code true}) or disable ({@code false}) the stack's termination protection; unset leaves it as it is. Property {@code streambot.terminationProtection}. */
    @Parameter(property = "streambot.terminationProtection")
    private Boolean terminationProtection;

    /** The ARN of an IAM role CloudFormation assumes to deploy the stack. Property {@code streambot.roleArn}. */
    @Parameter(property = "streambot.roleArn")
    private String roleArn;

    /** SNS topic ARNs that receive the stack's events. Property {@code streambot.notificationArns} (comma-separated). */
    @Parameter(property = "streambot.notificationArns")
    private List<String> notificationArns;

    /**
     * How long to wait for the whole deployment, e.g. {@code 30m} or {@code PT1H} (a number with a unit
     * {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}, or ISO-8601; above zero). Property
     * {@code streambot.timeout}, default {@code 60m}.
     */
    @Parameter(property = "streambot.timeout", defaultValue = "60m")
    private String timeout;

    /**
     * The base interval between polls of the stack's status and events (2-5 s is gentle on the API; a
     * duration above zero, spelled like {@code <timeout>}). Property {@code streambot.pollInterval}, default
     * {@code 3s}.
     */
    @Parameter(property = "streambot.pollInterval", defaultValue = "3s")
    private String pollInterval;

    /** Where {@code stack-<name>.json} is written and {@code upload.json} is read. */
    @Parameter(defaultValue = "${project.build.directory}/streambot", readonly = true)
    private File outputDirectory;

    /**
     * Hotswap: when nothing but the functions' code differs from the deployed stack, update the changed
     * functions' code directly with Lambda's UpdateFunctionCode (seconds, at most one write per function,
     * none for a function that already runs the bundle) instead of a change set; anything else changed
     * falls back to the change-set deploy, saying which difference forced it. The stack's {@code CodeKey}
     * parameter catches up at the next deploy without hotswap. Property {@code streambot.hotswap}, default false.
     */
    @Parameter(property = "streambot.hotswap", defaultValue = "false")
    private boolean hotswap;

    /**
     * Hotswap also a stack with termination protection (refused otherwise: such stacks are production's).
     * Property {@code streambot.hotswap.force}, default false.
     */
    @Parameter(property = "streambot.hotswap.force", defaultValue = "false")
    private boolean hotswapForce;

    /** Skip this goal. Property {@code streambot.deployStack.skip}, default false. */
    @Parameter(property = "streambot.deployStack.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping deploy-stack because streambot.deployStack.skip is true");
            return;
        }
        MavenProject stackModule = template == null
                        && !TemplateSource.conventionDirectoryHasTemplates(
                                project.getBasedir().toPath())
                ? moduleDependingOnThis()
                : null;
        if (stackModule != null) {
            getLog().info("Skipping deploy-stack because this module has no template in "
                    + TemplateSource.CONVENTION_DIRECTORY + "/: its bundle is deployed by the stack of module "
                    + stackModule.getArtifactId() + ", which depends on it");
            return;
        }
        loadAwsSdk();
        try {
            deployStack();
        } catch (MojoExecutionException | MojoFailureException e) {
            restorePutEnv();
            throw e;
        }
        new PutEnvCompensation(outputDirectory.toPath(), PutEnvMojo.buildId(session)).forget();
    }

    /** The deploy failed: the config this build's put-env wrote goes back to what it was before the build. */
    private void restorePutEnv() {
        PutEnvCompensation compensation = new PutEnvCompensation(outputDirectory.toPath(), PutEnvMojo.buildId(session));
        try (AwsClientFactory aws = awsClients()) {
            compensation.restore(aws.dynamoDb(), Clock.systemUTC(), events());
        } catch (MojoFailureException | RuntimeException e) {
            getLog().error("Could not restore the config written by put-env in this build after the failed deploy ("
                    + e.getMessage() + "); check the records listed in " + outputDirectory + "/put-env-*.json");
        }
    }

    private void deployStack() throws MojoExecutionException, MojoFailureException {
        try {
            FunctionPlatformCheck.check(
                    Architecture.parse(architecture),
                    FunctionDeclarations.fromProject(
                            project.getBasedir().toPath(), template == null ? null : template.toPath(), events()),
                    Path.of(project.getBuild().getOutputDirectory()),
                    List.of());
            Polling polling = new Polling(
                    DurationSetting.positive(pollInterval, "<pollInterval>", "streambot.pollInterval"),
                    DurationSetting.positive(timeout, "<timeout>", "streambot.timeout"),
                    Polling.Sleeper.real(),
                    Clock.systemUTC());
            DeployRequest request = request(checkFunctionBindings()).validate();
            try (AwsClientFactory aws = awsClients()) {
                if (hotswap && hotswapped(aws, request, polling)) {
                    return;
                }
                StackDeployment deployment =
                        new StackDeployment(aws.cloudFormation(), aws::s3, events(), polling, confirmation());
                StackDeployment.Result result = deployPrimaryStack
                        ? deployment.deployWithPrimary(
                                PrimaryStackTemplate.fromZip(providersZip()),
                                code("streambot.providers", "providers"),
                                request)
                        : deployment.deploy(request);
                if (result.outcome() == StackDeployment.Outcome.CANCELLED) {
                    throw new MojoFailureException(
                            "Stack " + stackName + " was not changed: the change was not confirmed");
                }
                if (result.stack() != null) {
                    result.stack().outputs().forEach((k, v) -> project.getProperties()
                            .setProperty("streambot.stack." + k, v));
                }
            }
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        } catch (BundleException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (StackFailedException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (StackDeploymentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (AwsCallException e) {
            throw error(e);
        } catch (UncheckedIOException e) {
            throw error("Reading or writing a file for stack " + stackName + " failed", e);
        } catch (RuntimeException e) {
            // The core names the stack and the operation of every CloudFormation call; this is a last resort.
            throw sdkError("An AWS call failed", e);
        }
    }

    /**
     * Which bundle each of the template's functions runs, checked before any call ({@link FunctionBindings}),
     * and that every bundle this module's dependencies bring is run by a function.
     */
    private FunctionBindings.Checked checkFunctionBindings() {
        FunctionBindings.Checked checked = FunctionBindings.fromProject(
                project.getBasedir().toPath(), template == null ? null : template.toPath(), project.getArtifactId());
        FunctionBindings.checkEveryBundleUsed(
                checked.template(), checked.displayName(), checked.bindings(), dependedOnBundles());
        return checked;
    }

    /** The artifactIds of the reactor modules with {@code lambda} packaging this module declares a dependency on. */
    private List<String> dependedOnBundles() {
        List<String> bundles = new ArrayList<>();
        for (MavenProject module : reactor()) {
            if (module != project && LAMBDA_PACKAGING.equals(module.getPackaging()) && dependsOn(module)) {
                bundles.add(module.getArtifactId());
            }
        }
        return bundles;
    }

    private List<MavenProject> reactor() {
        List<MavenProject> projects = session == null ? null : session.getAllProjects();
        return projects == null ? List.of() : projects;
    }

    /** A reactor module whose pom declares a dependency on this one (a stack module running its bundle), or null. */
    private MavenProject moduleDependingOnThis() {
        for (MavenProject module : reactor()) {
            if (module != project && dependsOn(module, project)) {
                return module;
            }
        }
        return null;
    }

    /** Whether this module's pom declares a dependency on {@code module} (what orders it after that module). */
    private boolean dependsOn(MavenProject module) {
        return dependsOn(project, module);
    }

    private static boolean dependsOn(MavenProject dependent, MavenProject module) {
        return dependent.getDependencies().stream()
                .anyMatch(d -> module.getGroupId().equals(d.getGroupId())
                        && module.getArtifactId().equals(d.getArtifactId()));
    }

    /**
     * The pom's and the command line's parameters, with the code parameters of the other reactor modules'
     * bundles the functions run ({@link BundleParameters}) under them.
     */
    private Map<String, String> parameterValues(FunctionBindings.Checked checked) {
        Map<String, String> given = parameterValues();
        Map<String, String> values = new LinkedHashMap<>(BundleParameters.of(
                checked.template(), checked.displayName(), checked.bindings(), given, this::reactorCode));
        values.putAll(new ReactorLayers(session, project).parameters(checked, given, values)); // layers + limits
        values.putAll(given);
        return values;
    }

    /**
     * The uploaded bundle of the reactor module whose artifactId has {@code stem}, or null. Only a module this
     * one depends on is read: Maven orders it before this module (also under {@code -T}), so its upload has
     * run and its properties are complete; any other module is refused, naming the {@code <dependency>} to add.
     */
    private CodeLocation reactorCode(String stem) {
        for (MavenProject module : reactor()) {
            if (module == project
                    || !FunctionBindings.stem(module.getArtifactId()).equals(stem)) {
                continue;
            }
            if (!dependsOn(module)) {
                throw new InvalidConfigurationException(
                        "<dependencies> of module " + project.getArtifactId(),
                        null,
                        null,
                        "do not include module " + module.getArtifactId() + ", whose bundle the template's "
                                + TemplateParameters.CODE_KEY + stem + " names: Maven may build it after (or, under"
                                + " -T, beside) this module, before its upload has run",
                        "add <dependency><groupId>" + module.getGroupId() + "</groupId><artifactId>"
                                + module.getArtifactId() + "</artifactId><version>" + module.getVersion()
                                + "</version><type>pom</type><scope>provided</scope></dependency> to this module's"
                                + " pom (it orders the reactor and puts nothing on the classpath)");
            }
            Properties props = module.getProperties();
            CodeLocation fromProperties = CodeLocation.of(
                    props.getProperty("streambot.code.bucket"),
                    props.getProperty("streambot.code.key"),
                    props.getProperty("streambot.code.version"));
            return fromProperties != null
                    ? fromProperties
                    : CodeLocation.fromUploadJson(
                            Path.of(module.getBuild().getDirectory(), "streambot", "upload.json"), null);
        }
        return null;
    }

    private DeployRequest request(FunctionBindings.Checked checked) {
        return DeployRequest.builder(stackName, checked.template())
                .parameters(parameterValues(checked))
                .code(code("streambot.code", null))
                .primaryStackName(primaryStackName)
                .tags(nonNull(tags))
                .capabilities(capabilities)
                .roleArn(roleArn)
                .notificationArns(notificationArns)
                .onFailure(onFailure)
                .disableRollback(disableRollback)
                .terminationProtection(terminationProtection)
                .dryRun(dryRun)
                .templateBucket(
                        bucket != null ? bucket : project.getProperties().getProperty("streambot.code.bucket"), prefix)
                .outputDirectory(outputDirectory.toPath())
                .build();
    }

    /** Tries a hotswap; true when it did the deployment (false: deploy through a change set). */
    private boolean hotswapped(AwsClientFactory aws, DeployRequest request, Polling polling)
            throws MojoFailureException {
        if (deployPrimaryStack) {
            getLog().info("Not hotswapping: -Dstreambot.primaryStack deploys the primary stack through a change set");
            return false;
        }
        // Lambda's updates take seconds: poll them at least every half second.
        Polling lambdaPolling = new Polling(
                polling.interval().compareTo(Duration.ofMillis(500)) < 0 ? polling.interval() : Duration.ofMillis(500),
                polling.timeout(),
                Polling.Sleeper.real(),
                Clock.systemUTC());
        Properties props = project.getProperties();
        String sha = props.getProperty("streambot.code.sha256Base64");
        if (sha == null) {
            sha = BundleCode.sha256Base64FromUploadJson(
                    outputDirectory.toPath().resolve("upload.json"), request.code());
        }
        try {
            Hotswap.Result result = new Hotswap(aws.cloudFormation(), aws.lambda(), events(), lambdaPolling)
                    .attempt(request, BundleCode.of(request.code(), sha), hotswapForce);
            if (result.done() && result.stack() != null) {
                result.stack().outputs().forEach((k, v) -> props.setProperty("streambot.stack." + k, v));
            }
            return result.done();
        } catch (HotswapRefusedException | HotswapFailedException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /** The pom's {@code <parameters>}, overridden by {@code -Dstreambot.parameter.Name=value}. */
    private Map<String, String> parameterValues() {
        Map<String, String> values = new LinkedHashMap<>(nonNull(parameters));
        Properties user = session == null ? new Properties() : session.getUserProperties();
        for (String name : user.stringPropertyNames()) {
            if (name.startsWith(PARAMETER_PROPERTY_PREFIX)) {
                values.put(name.substring(PARAMETER_PROPERTY_PREFIX.length()), user.getProperty(name));
            }
        }
        return values;
    }

    /** The uploaded code: the build's {@code <prefix>.bucket/key/version} properties, else upload.json. */
    private CodeLocation code(String propertyPrefix, String uploadJsonSection) {
        Properties props = project.getProperties();
        CodeLocation fromProperties = CodeLocation.of(
                props.getProperty(propertyPrefix + ".bucket"),
                props.getProperty(propertyPrefix + ".key"),
                props.getProperty(propertyPrefix + ".version"));
        return fromProperties != null
                ? fromProperties
                : CodeLocation.fromUploadJson(outputDirectory.toPath().resolve("upload.json"), uploadJsonSection);
    }

    private Confirmation confirmation() {
        Console console = System.console();
        boolean interactive = session != null && session.getRequest().isInteractiveMode() && console != null;
        if (!confirm) {
            return Confirmation.notAsked();
        }
        if (!interactive) {
            getLog().info("Not asking for confirmation (<confirm>) because the build is not interactive (-B)");
            return Confirmation.notAsked();
        }
        return question -> {
            String answer = console.readLine("%s [y/N] ", question);
            return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
        };
    }

    private static Map<String, String> nonNull(Map<String, String> map) {
        Map<String, String> result = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> result.put(k, v == null ? "" : v));
        }
        return result;
    }
}

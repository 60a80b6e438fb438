package io.streambot.maven;

import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.invoke.RemoteInvokeResult;
import io.streambot.core.invoke.RemoteInvoker;
import io.streambot.core.service.DeployedFunction;
import io.streambot.core.service.StackFunctions;
import io.streambot.core.service.StackNotFoundException;
import java.io.File;
import java.io.UncheckedIOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/** {@code streambot:invoke -Dstreambot.remote=true}: the deployed function, kept apart from the local runner. */
final class RemoteInvokeStep {
    private final AbstractStreambotMojo mojo;
    private final String stackName;
    private final String function;
    private final File event;

    RemoteInvokeStep(AbstractStreambotMojo mojo, String stackName, String function, File event) {
        this.mojo = mojo;
        this.stackName = stackName;
        this.function = function;
        this.event = event;
    }

    void run() throws MojoExecutionException, MojoFailureException {
        Log log = mojo.getLog();
        byte[] payload;
        try {
            payload = RemoteInvoker.readEvent(event == null ? null : event.toPath());
        } catch (InvalidConfigurationException e) {
            throw AbstractStreambotMojo.failure(e);
        } catch (UncheckedIOException e) {
            throw AbstractStreambotMojo.error("streambot:invoke could not read the event", e);
        }
        RemoteInvokeResult result;
        DeployedFunction target;
        try (AwsClientFactory aws = mojo.awsClients()) {
            target = StackFunctions.pick(
                    StackFunctions.of(aws.cloudFormation(), stackName),
                    function,
                    stackName,
                    "<remoteFunction>",
                    "streambot.invoke.function");
            log.info("Invoking " + target.logicalId() + " (" + target.physicalId() + ") of stack " + stackName
                    + " with " + event);
            result = new RemoteInvoker(aws.lambda()).invoke(target, payload);
        } catch (InvalidConfigurationException e) {
            throw AbstractStreambotMojo.failure(e);
        } catch (StackNotFoundException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (AwsCallException e) {
            throw AbstractStreambotMojo.error(e);
        } catch (RuntimeException e) {
            throw AbstractStreambotMojo.sdkError("Invoking the function of stack " + stackName + " failed", e);
        }
        String timing = result.timing() == null ? "no REPORT line in the log tail" : result.timing();
        if (!result.succeeded()) {
            log.error("Log tail of " + target.logicalId() + ":");
            result.logTail().forEach(line -> log.error("  " + line));
            throw new MojoFailureException("The deployed function " + target.logicalId() + " failed (" + timing + "): "
                    + (result.errorType() == null ? "" : result.errorType() + ": ") + result.errorMessage());
        }
        result.logTail().forEach(line -> log.info("  | " + line));
        log.info("Result (" + timing + "): " + result.payload());
    }
}

package io.streambot.maven;

import io.streambot.core.DurationSetting;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsClientFactory;
import io.streambot.core.logs.LogsSince;
import io.streambot.core.service.DeployedFunction;
import io.streambot.core.service.StackFunctions;
import io.streambot.core.service.StackNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints the CloudWatch Logs of the deployed stack's functions, found from the stack (no function
 * names to type): every line prefixed by the function's logical id, all functions interleaved in time
 * order, the streambot runtime's own lines marked {@code **} (its failures as warnings). With
 * {@code -Dstreambot.logs.follow=true} it keeps printing new lines until interrupted (Ctrl-C):
 * {@code mvn streambot:logs -Dstreambot.logs.since=30m -Dstreambot.logs.filter=ERROR}.
 */
@Mojo(name = "logs", threadSafe = true)
public class LogsMojo extends AbstractStreambotMojo {

    /**
     * Where the logs start: an age such as {@code 10m}, {@code 2h} or {@code PT30M}, or an ISO-8601
     * time such as {@code 2026-12-01T06:00:00Z} (a time without offset is UTC). Property
     * {@code streambot.logs.since}, default {@code 10m}.
     */
    @Parameter(property = "streambot.logs.since", defaultValue = "10m")
    private String since;

    /**
     * A CloudWatch Logs filter pattern, e.g. {@code ERROR} or {@code "?ERROR ?WARN"}; unset prints every
     * line. Property {@code streambot.logs.filter}.
     */
    @Parameter(property = "streambot.logs.filter")
    private String filter;

    /** Keep printing new lines until interrupted (Ctrl-C). Property {@code streambot.logs.follow}, default false. */
    @Parameter(property = "streambot.logs.follow", defaultValue = "false")
    private boolean follow;

    /**
     * Only this function: its logical id in the template (e.g. {@code Function}). Unset: all the stack's
     * functions. Property {@code streambot.logs.function}.
     */
    @Parameter(property = "streambot.logs.function")
    private String function;

    /** How often follow mode asks for new lines. Property {@code streambot.logs.pollInterval}, default {@code 2s}. */
    @Parameter(property = "streambot.logs.pollInterval", defaultValue = "2s")
    private String pollInterval;

    /** Skip this goal. Property {@code streambot.logs.skip}, default false. */
    @Parameter(property = "streambot.logs.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping logs because streambot.logs.skip is true");
            return;
        }
        loadAwsSdk();
        Instant from;
        Duration interval;
        try {
            from = LogsSince.parse(since, Instant.now());
            interval = DurationSetting.positive(pollInterval, "<pollInterval>", "streambot.logs.pollInterval");
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        }
        try (AwsClientFactory aws = awsClients()) {
            List<DeployedFunction> functions = StackFunctions.of(aws.cloudFormation(), stackName);
            if (blankToNull(function) != null) {
                functions = List.of(
                        StackFunctions.pick(functions, function, stackName, "<function>", "streambot.logs.function"));
            } else if (functions.isEmpty()) {
                throw new MojoFailureException("Stack " + stackName + " has no AWS::Lambda::Function, so it has no"
                        + " function logs: check <stackName> (-Dstreambot.stack)");
            }
            getLog().info("Logs of stack " + stackName + " since " + from + ": "
                    + String.join(
                            ", ",
                            functions.stream()
                                    .map(f -> f.logicalId() + " (" + f.physicalId() + ")")
                                    .toList())
                    + (follow ? "; following, Ctrl-C to stop" : ""));
            int printed = SdkCalls.printLogs(aws, events(), interval, functions, from, blankToNull(filter), follow);
            if (printed == 0 && !follow) {
                getLog().info("No log lines since " + from
                        + (blankToNull(filter) == null ? "" : " matching " + filter)
                        + " (widen -Dstreambot.logs.since)");
            }
        } catch (InvalidConfigurationException e) {
            throw failure(e);
        } catch (StackNotFoundException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (AwsCallException e) {
            throw error(e);
        } catch (RuntimeException e) {
            throw sdkError("Reading the logs of stack " + stackName + " failed", e);
        }
    }
}

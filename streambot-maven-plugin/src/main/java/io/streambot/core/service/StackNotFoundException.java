package io.streambot.core.service;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The stack a goal acts on does not exist in this account and region. */
public class StackNotFoundException extends RuntimeException {
    private final String stack;

    public StackNotFoundException(String stack, Throwable cause) {
        super(
                "Stack " + stack + " does not exist in this account and region: check <stackName>"
                        + " (-Dstreambot.stack), <region> and the credentials, or deploy it first (streambot:deploy-stack)",
                cause);
        this.stack = stack;
    }

    public String stack() {
        return stack;
    }

    /** Whether CloudFormation's answer means "no such stack" (a ValidationError saying so). */
    public static boolean means(AwsServiceException e) {
        String message =
                e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message != null && message.contains("does not exist");
    }
}

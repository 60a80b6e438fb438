package io.streambot.core.service;

/**
 * A Lambda function of a deployed stack.
 *
 * @param logicalId its logical id in the template, e.g. {@code Function}
 * @param physicalId its name in Lambda, e.g. {@code svc-Function-1A2B3C}
 */
public record DeployedFunction(String logicalId, String physicalId) {

    /** The CloudWatch Logs group Lambda writes to by default. */
    public String defaultLogGroup() {
        return "/aws/lambda/" + physicalId;
    }
}

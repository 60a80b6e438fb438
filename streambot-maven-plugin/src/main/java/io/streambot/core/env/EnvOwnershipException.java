package io.streambot.core.env;

import io.streambot.runtime.EnvRecordRules;

/** A function's config record is owned by a stack's {@code Custom::StreambotEnv}: put-env leaves it alone. */
public class EnvOwnershipException extends RuntimeException {
    private final String functionName;
    private final String owner;

    public EnvOwnershipException(String functionName, String owner) {
        super("the config record of function '" + functionName + "' is owned by the Custom::StreambotEnv resource "
                + owner.substring(EnvRecordRules.STACK_OWNER_PREFIX.length())
                + "; put-env wrote nothing. Change the values in that stack's template, or take the record over"
                + " with -Dstreambot.env.takeOwnership=true (<takeOwnership>true</takeOwnership>)");
        this.functionName = functionName;
        this.owner = owner;
    }

    public String functionName() {
        return functionName;
    }

    public String owner() {
        return owner;
    }
}

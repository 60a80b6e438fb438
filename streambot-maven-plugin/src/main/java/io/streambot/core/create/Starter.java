package io.streambot.core.create;

import io.streambot.core.InvalidConfigurationException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The project shapes {@code streambot:create} writes. */
public enum Starter {
    /** A Kinesis stream feeding the function, config by Custom::StreambotEnv, mapping by Custom::StreambotConnector. */
    KINESIS("kinesis", "a Kinesis stream feeding the function (Custom::StreambotEnv + Custom::StreambotConnector)"),
    /** A DynamoDB table's stream feeding the function through a native AWS::Lambda::EventSourceMapping. */
    DYNAMODB_STREAM(
            "dynamodb-stream",
            "a DynamoDB table's stream feeding the function (native event source mapping, config by put-env)");

    private final String id;
    private final String description;

    Starter(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name users give: {@code -Dstarter=kinesis}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /**
     * The starter named {@code name}.
     *
     * @throws InvalidConfigurationException naming {@code -Dstarter} and the starters there are
     */
    public static Starter parse(String name) {
        for (Starter s : values()) {
            if (s.id.equals(name)) {
                return s;
            }
        }
        throw new InvalidConfigurationException(
                "<starter>", "starter", name, "is not a starter", "use one of " + ids());
    }

    /** The starters' names, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(Starter::id).collect(Collectors.joining(", "));
    }
}

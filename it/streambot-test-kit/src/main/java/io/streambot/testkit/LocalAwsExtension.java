package io.streambot.testkit;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Resolves test parameters to real local AWS servers and SDK v2 clients pointed at them, starting
 * each server the first time a test of the JVM needs it and stopping them all when the run ends.
 *
 * <table>
 *   <caption>Parameter types</caption>
 *   <tr><td>{@link LocalDynamoDb}, {@link DynamoDbClient}, {@link DynamoDbStreamsClient}</td><td>DynamoDB Local</td></tr>
 *   <tr><td>{@link LocalS3}, {@link S3Client}, {@link S3Presigner}</td><td>S3Mock</td></tr>
 *   <tr><td>{@link AwsWireMock}, {@link CloudFormationClient}, {@link LambdaClient}</td><td>WireMock</td></tr>
 * </table>
 *
 * <p>With {@code streambot.it.endpoint} set, DynamoDB and S3 parameters point at that endpoint instead;
 * a test that takes {@link AwsWireMock} is scripted, so it is skipped there.
 */
public final class LocalAwsExtension implements ParameterResolver, BeforeEachCallback, ExecutionCondition {
    private static final Map<Class<?>, Supplier<Object>> RESOLVERS = Map.of(
            LocalDynamoDb.class, LocalDynamoDb::get,
            DynamoDbClient.class, () -> LocalDynamoDb.get().client(),
            DynamoDbStreamsClient.class, () -> LocalDynamoDb.get().streams(),
            LocalS3.class, LocalS3::get,
            S3Client.class, () -> LocalS3.get().client(),
            S3Presigner.class, () -> LocalS3.get().presigner(),
            AwsWireMock.class, AwsWireMock::get,
            CloudFormationClient.class, () -> AwsWireMock.get().cloudFormation(),
            LambdaClient.class, () -> AwsWireMock.get().lambda());

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return RESOLVERS.containsKey(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        KitExtension.registerStop(extensionContext);
        return RESOLVERS.get(parameterContext.getParameter().getType()).get();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        KitExtension.registerStop(context);
        if (takesWireMock(context.getRequiredTestMethod())) {
            AwsWireMock.get().reset();
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<java.lang.reflect.Method> method = context.getTestMethod();
        if (method.isEmpty() || !takesWireMock(method.get())) {
            return ConditionEvaluationResult.enabled("no scripted AWS API");
        }
        for (String service : new String[] {AwsWireMock.CLOUDFORMATION, AwsWireMock.LAMBDA}) {
            if (AwsEndpoints.isExternal(service)) {
                return ConditionEvaluationResult.disabled(
                        "scripted WireMock test skipped: " + service + " goes to the external endpoint "
                                + AwsEndpoints.external(service).orElseThrow());
            }
        }
        return ConditionEvaluationResult.enabled("scripted AWS API on WireMock");
    }

    private static boolean takesWireMock(Executable method) {
        for (Parameter parameter : method.getParameters()) {
            Class<?> type = parameter.getType();
            if (type == AwsWireMock.class || type == CloudFormationClient.class || type == LambdaClient.class) {
                return true;
            }
        }
        return false;
    }
}

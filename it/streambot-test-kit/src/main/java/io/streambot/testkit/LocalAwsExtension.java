package io.streambot.testkit;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
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
 *   <tr><td>{@link LocalKinesis}</td><td>kinesis-local (npm), skipped without node</td></tr>
 *   <tr><td>{@link AwsWireMock}, {@link CloudFormationClient}, {@link LambdaClient}</td><td>WireMock</td></tr>
 * </table>
 *
 * <p>With {@code streambot.it.endpoint} set, DynamoDB and S3 parameters point at that endpoint instead;
 * a test that takes {@link AwsWireMock} is scripted, so it is skipped there, and so is a whole class whose
 * constructor, {@code @BeforeEach} or {@code @BeforeAll} methods take it.
 *
 * <p>Whatever a test creates through any AWS SDK v2 client of the JVM (buckets, tables, objects and
 * items in buckets and tables it did not create) is deleted after it, also when it fails; what a
 * {@code @BeforeAll} method or constructor creates, after the class. Register what other processes
 * create with {@link Created}. A resource that cannot be deleted fails the test, naming it.
 *
 * <p>WireMock is reset before each test of a class that uses it (in the test method, the constructor, a
 * {@code @BeforeEach} or {@code @BeforeAll} method): script it in {@code @BeforeEach} or in the test.
 */
public final class LocalAwsExtension
        implements ParameterResolver,
                BeforeAllCallback,
                BeforeEachCallback,
                AfterEachCallback,
                AfterAllCallback,
                ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalAwsExtension.class);
    private static final String USES_WIREMOCK = "uses-wiremock";
    private static final String CREATED = "created";
    private static final Set<Class<?>> WIREMOCK_TYPES =
            Set.of(AwsWireMock.class, CloudFormationClient.class, LambdaClient.class);
    private static final Map<Class<?>, Supplier<Object>> RESOLVERS = Map.of(
            LocalDynamoDb.class, LocalDynamoDb::get,
            DynamoDbClient.class, () -> LocalDynamoDb.get().client(),
            DynamoDbStreamsClient.class, () -> LocalDynamoDb.get().streams(),
            LocalKinesis.class, LocalKinesis::get,
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
        Class<?> type = parameterContext.getParameter().getType();
        if (WIREMOCK_TYPES.contains(type)) {
            classContext(extensionContext).getStore(NAMESPACE).put(USES_WIREMOCK, Boolean.TRUE);
        }
        return RESOLVERS.get(type).get();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        KitExtension.registerStop(context);
        context.getStore(NAMESPACE).put(CREATED, ResourceLedger.open(scopeName(context)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        deleteCreated(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        deleteCreated(context);
    }

    /** "Class" for a class, "Class.method()" for a test: how a failure names who created what is left. */
    private static String scopeName(ExtensionContext context) {
        String className = context.getTestClass().map(Class::getSimpleName).orElse(context.getDisplayName());
        return context.getTestMethod().isPresent() ? className + "." + context.getDisplayName() : className;
    }

    /** Deletes what was created in the scope of {@code context}; fails the test or class if something is left. */
    private static void deleteCreated(ExtensionContext context) {
        ResourceLedger.Scope scope = context.getStore(NAMESPACE).remove(CREATED, ResourceLedger.Scope.class);
        if (scope == null) {
            return;
        }
        List<String> left = ResourceLedger.close(scope);
        if (!left.isEmpty()) {
            throw new IllegalStateException("streambot-test-kit could not delete what " + scope.name()
                    + " created; delete it by hand:\n  " + String.join("\n  ", left));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        KitExtension.registerStop(context);
        context.getStore(NAMESPACE).put(CREATED, ResourceLedger.open(scopeName(context)));
        boolean usedByClass =
                Boolean.TRUE.equals(classContext(context).getStore(NAMESPACE).get(USES_WIREMOCK));
        if (usedByClass
                || takesWireMock(context.getRequiredTestMethod())
                || classTakesWireMock(context.getRequiredTestClass())) {
            AwsWireMock.get().reset();
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        boolean scripted = method.isPresent() && takesWireMock(method.get())
                || context.getTestClass()
                        .map(LocalAwsExtension::classTakesWireMock)
                        .orElse(false);
        if (!scripted) {
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
            if (WIREMOCK_TYPES.contains(parameter.getType())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a constructor or a {@code @BeforeEach}/{@code @BeforeAll} method of the class (or a superclass) takes WireMock. */
    private static boolean classTakesWireMock(Class<?> testClass) {
        for (Constructor<?> constructor : testClass.getDeclaredConstructors()) {
            if (takesWireMock(constructor)) {
                return true;
            }
        }
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                boolean setUp =
                        method.isAnnotationPresent(BeforeEach.class) || method.isAnnotationPresent(BeforeAll.class);
                if (setUp && takesWireMock(method)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The context of the test class, where what the class uses is remembered across its tests. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }
}

package io.streambot.testkit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A Lambda {@link Context} for invoking handlers in-process: the function's name, ARN, memory and a
 * deadline from which {@link #getRemainingTimeInMillis()} counts down, and a logger that keeps what
 * the handler logged so tests can assert on it.
 */
public final class TestContext implements Context {
    private final String functionName;
    private final String functionVersion;
    private final String invokedFunctionArn;
    private final int memoryLimitInMB;
    private final Instant deadline;
    private final Clock clock;
    private final String awsRequestId;
    private final TestLambdaLogger logger;

    private TestContext(Builder b) {
        this.functionName = b.functionName;
        this.functionVersion = b.functionVersion;
        this.invokedFunctionArn = b.invokedFunctionArn != null
                ? b.invokedFunctionArn
                : "arn:aws:lambda:" + AwsEndpoints.region().id() + ":123456789012:function:" + b.functionName;
        this.memoryLimitInMB = b.memoryLimitInMB;
        this.clock = b.clock;
        this.deadline = clock.instant().plus(b.timeout);
        this.awsRequestId = UUID.randomUUID().toString();
        this.logger = b.logger;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A context for {@code functionName} with a 30 second deadline. */
    public static TestContext of(String functionName) {
        return builder().functionName(functionName).build();
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "2026/01/01/[$LATEST]" + awsRequestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return functionVersion;
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedFunctionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = Duration.between(clock.instant(), deadline).toMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitInMB;
    }

    @Override
    public TestLambdaLogger getLogger() {
        return logger;
    }

    public static final class Builder {
        private String functionName = "streambot-test-function";
        private String functionVersion = "$LATEST";
        private String invokedFunctionArn;
        private int memoryLimitInMB = 512;
        private Duration timeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private TestLambdaLogger logger = new TestLambdaLogger();

        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        public Builder functionVersion(String functionVersion) {
            this.functionVersion = functionVersion;
            return this;
        }

        public Builder invokedFunctionArn(String arn) {
            this.invokedFunctionArn = arn;
            return this;
        }

        public Builder memoryLimitInMB(int memory) {
            this.memoryLimitInMB = memory;
            return this;
        }

        /** The time the invocation has from now; {@link #getRemainingTimeInMillis()} counts it down. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder logger(TestLambdaLogger logger) {
            this.logger = logger;
            return this;
        }

        public TestContext build() {
            return new TestContext(this);
        }
    }

    /** Keeps every line logged; also echoes them to standard error for the test report. */
    public static final class TestLambdaLogger implements LambdaLogger {
        private final java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void log(String message) {
            lines.add(message);
            System.err.println("[lambda] " + message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, java.nio.charset.StandardCharsets.UTF_8));
        }

        public java.util.List<String> lines() {
            return java.util.List.copyOf(lines);
        }

        public String text() {
            return String.join("\n", lines);
        }
    }
}

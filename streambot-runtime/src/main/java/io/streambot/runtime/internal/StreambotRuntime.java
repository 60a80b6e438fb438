package io.streambot.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.EnvRecordRules;
import io.streambot.runtime.StreambotConfigException;
import io.streambot.runtime.StreambotEnv;
import io.streambot.runtime.seams.Environment;
import io.streambot.runtime.seams.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of the streambot runtime in one JVM: its settings, its one way of reading (the lean GetItem, else a
 * DynamoDB client; see {@link LeanGetItem#route}) and the cached
 * configuration of each function it served. Production code uses {@link #system()}; tests build their
 * own with an {@link Environment}, a {@link Ticker} and a {@link Sleeper}.
 */
public final class StreambotRuntime implements AutoCloseable {
    /** Budget of a read when the context reports no remaining time (a hand-made local context). */
    static final Duration BUDGET_WITHOUT_DEADLINE = Duration.ofSeconds(10);

    /** Budget of the read started at init: Lambda's init phase lasts at most 10 seconds. */
    static final Duration INIT_READ_BUDGET = Duration.ofSeconds(10);

    /** Set by Lambda in every execution environment: the function's name, known before the first invocation. */
    public static final String FUNCTION_NAME_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";

    /** What an attempt leaves of the invocation's time, for the handler to report the failure. */
    static final Duration DEADLINE_MARGIN = Duration.ofMillis(200);

    private static final String LOG_PREFIX = "streambot: ";

    private static volatile StreambotRuntime system;

    private final Environment environment;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final ConcurrentHashMap<String, FunctionConfig> functions = new ConcurrentHashMap<>();
    private volatile FunctionConfig lastUsed;
    private volatile RuntimeSettings settings;
    private volatile EnvRecordReader reader;
    private volatile RecordGetter getter;
    private volatile int restoreEpoch;

    public StreambotRuntime(Environment environment, Ticker ticker, Sleeper sleeper) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The runtime of this JVM, reading the process environment; registered for SnapStart restore. */
    public static StreambotRuntime system() {
        StreambotRuntime s = system;
        if (s == null) {
            synchronized (StreambotRuntime.class) {
                s = system;
                if (s == null) {
                    s = new StreambotRuntime(Environment.system(), Ticker.SYSTEM, Sleeper.SYSTEM);
                    SnapStartHook.register(s);
                    system = s;
                }
            }
        }
        return s;
    }

    /**
     * Wraps {@code handler}: every invocation first gets its snapshot from this runtime. Starts the read of
     * the function's record at once (see {@link #readAhead()}).
     */
    public <I, O> RequestHandler<I, O> wrap(RequestHandler<I, O> handler) {
        Objects.requireNonNull(handler, "handler");
        readAhead();
        return (input, context) -> {
            StreambotEnv.Snapshot before = begin(context);
            try {
                return handler.handleRequest(input, context);
            } finally {
                end(before);
            }
        };
    }

    /**
     * Wraps {@code handler}: every invocation first gets its snapshot from this runtime. Starts the read of
     * the function's record at once (see {@link #readAhead()}).
     */
    public RequestStreamHandler wrap(RequestStreamHandler handler) {
        Objects.requireNonNull(handler, "handler");
        readAhead();
        return (input, output, context) -> {
            StreambotEnv.Snapshot before = begin(context);
            try {
                handler.handleRequest(input, output, context);
            } finally {
                end(before);
            }
        };
    }

    /**
     * Starts an invocation: pins the function's snapshot for the calling thread (loading or refreshing
     * it when due) and returns what {@link #end} must restore.
     *
     * @throws StreambotConfigException if the configuration cannot be loaded
     */
    public StreambotEnv.Snapshot begin(Context context) {
        return CurrentEnv.pin(snapshot(context));
    }

    /** Ends an invocation started by {@link #begin}. */
    public static void end(StreambotEnv.Snapshot before) {
        CurrentEnv.unpin(before);
    }

    /** The snapshot an invocation with {@code context} runs with. */
    public StreambotEnv.Snapshot snapshot(Context context) {
        FunctionConfig config = lastUsed;
        // Warm path: the name of the function served last was checked when it was first seen (no regex here).
        if (config == null || context == null || !config.functionName().equals(context.getFunctionName())) {
            config = config(functionName(context));
            lastUsed = config;
        }
        return config.snapshot(context);
    }

    /**
     * Starts reading the record of the function this execution environment runs ({@value
     * #FUNCTION_NAME_VARIABLE}, which Lambda sets) on a daemon thread, so that the read overlaps the rest of
     * the handler's initialisation and the first invocation waits only for what is left of it. Does nothing
     * without that variable, with a local config file, with invalid settings (the first invocation reports
     * them), or when the record is loaded or being read already. A failed read here is not reported: the first
     * invocation reads again, and fails as it would have without this.
     */
    public void readAhead() {
        Optional<String> functionName =
                environment.variable(FUNCTION_NAME_VARIABLE).filter(EnvRecordRules::isFunctionName);
        if (functionName.isEmpty()) {
            return;
        }
        try {
            if (settings().localConfig().isPresent()) {
                return;
            }
        } catch (IllegalArgumentException e) {
            return;
        }
        config(functionName.get()).readAhead();
    }

    /**
     * SnapStart is about to take a snapshot: let a read started at init finish (it primed the classes and the
     * code path, which the snapshot keeps), drop what it read (values are not kept in the snapshot, and a restored
     * function re-reads anyway), then close the client, whose pooled connections and resolved credentials would
     * not survive the restore. The next read builds a new one (choosing its route again from the restored
     * environment).
     */
    public void beforeCheckpoint() {
        functions.values().forEach(FunctionConfig::awaitAndDropReadAhead);
        closeClient();
    }

    /**
     * Restored from a SnapStart snapshot: the next invocation of each function re-reads its config; that read
     * starts now, on a daemon thread, so the first invocation after the restore waits only for what is left.
     */
    public void afterRestore() {
        restoreEpoch++;
        functions.values().forEach(FunctionConfig::readAhead);
    }

    /** Tests: whether the read started ahead for {@code functionName} finished within {@code wait}. */
    boolean readAheadFinished(String functionName, Duration wait) {
        FunctionConfig config = functions.get(functionName);
        return config != null && config.readAheadFinished(wait.toNanos());
    }

    private FunctionConfig config(String functionName) {
        return functions.computeIfAbsent(functionName, name -> new FunctionConfig(name, this));
    }

    @Override
    public void close() {
        closeClient();
    }

    int restoreEpoch() {
        return restoreEpoch;
    }

    Ticker ticker() {
        return ticker;
    }

    RuntimeSettings settings() {
        RuntimeSettings s = settings;
        if (s == null) {
            synchronized (this) {
                s = settings;
                if (s == null) {
                    s = RuntimeSettings.from(environment);
                    settings = s;
                }
            }
        }
        return s;
    }

    EnvRecordReader reader() {
        EnvRecordReader r = reader;
        if (r == null) {
            synchronized (this) {
                r = reader;
                if (r == null) {
                    r = new EnvRecordReader(this::getter, settings(), ticker, sleeper);
                    reader = r;
                }
            }
        }
        return r;
    }

    /** The GetItem of this runtime: the lean one where it can go, else the SDK client's. */
    RecordGetter getter() {
        RecordGetter g = getter;
        if (g == null) {
            synchronized (this) {
                g = getter;
                if (g == null) {
                    RuntimeSettings s = settings();
                    g = LeanGetItem.route(environment, s, Clock.systemUTC())
                            .lean()
                            .<RecordGetter>map(lean -> lean)
                            .orElseGet(() -> new SdkRecordGetter(s));
                    getter = g;
                }
            }
        }
        return g;
    }

    private synchronized void closeClient() {
        RecordGetter g = getter;
        getter = null;
        if (g != null) {
            g.close();
        }
    }

    /**
     * Reads the record of {@code functionName} within the time {@code context} has left: retries start
     * only in the first half of it, and every attempt ends, at the latest, shortly before the invocation's
     * deadline.
     */
    Optional<EnvRecord> read(String functionName, Context context) {
        Optional<java.nio.file.Path> localConfig = settings().localConfig();
        if (localConfig.isPresent()) {
            return LocalConfigFile.read(localConfig.get(), functionName);
        }
        return read(functionName, budget(context));
    }

    /** Reads the record of {@code functionName} within {@code left} nanoseconds, as {@link #read(String, Context)}. */
    Optional<EnvRecord> read(String functionName, long left) {
        long now = ticker.nanos();
        long callDeadline = now + Math.max(left - DEADLINE_MARGIN.toNanos(), left / 2);
        return reader().read(functionName, now + left / 2, callDeadline);
    }

    /** The nanoseconds a read may take in the invocation described by {@code context}. */
    static long budget(Context context) {
        int remaining = context.getRemainingTimeInMillis();
        return remaining > 0 ? Duration.ofMillis(remaining).toNanos() : BUDGET_WITHOUT_DEADLINE.toNanos();
    }

    void log(Context context, String line) {
        LambdaLogger logger = context.getLogger();
        if (logger != null) {
            logger.log(LOG_PREFIX + line);
        } else {
            System.err.println(LOG_PREFIX + line);
        }
    }

    private String functionName(Context context) {
        Objects.requireNonNull(context, "the Lambda Context is null: pass the Context Lambda gives the handler");
        String functionName = context.getFunctionName();
        if (functionName == null || functionName.isEmpty()) {
            throw new StreambotConfigException(
                    "",
                    settingsOrDefaultTable(),
                    null,
                    "the Lambda Context has no function name, so the streambot config record cannot be found: pass"
                            + " the Context Lambda gives the handler (tests: set a function name on their Context)",
                    null);
        }
        if (!EnvRecordRules.isFunctionName(functionName)) {
            throw new StreambotConfigException(
                    functionName,
                    settingsOrDefaultTable(),
                    null,
                    "the Lambda Context's function name '" + functionName + "' is not a plain function name, which"
                            + " config records are keyed by (tests: set the function's name on their Context)",
                    null);
        }
        try {
            settings();
        } catch (IllegalArgumentException e) {
            throw new StreambotConfigException(
                    functionName,
                    environment.variable(EnvRecord.TABLE_ENV_VARIABLE).orElse(EnvRecord.DEFAULT_TABLE),
                    null,
                    "the streambot runtime settings of function '" + functionName + "' are invalid: " + e.getMessage(),
                    e);
        }
        return functionName;
    }

    private String settingsOrDefaultTable() {
        return environment.variable(EnvRecord.TABLE_ENV_VARIABLE).orElse(EnvRecord.DEFAULT_TABLE);
    }
}

package io.streambot.core.invoke.harness;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one Lambda invocation in this JVM the way Lambda's Java runtime does, for {@code
 * streambot:invoke}. It is copied out of the plugin jar into a temporary folder and started in a fresh
 * JVM whose class path is only this class, {@code aws-lambda-java-core} and {@code
 * aws-lambda-java-serialization} (what Lambda's runtime brings); the function's code is loaded by a
 * child class loader over the unzipped bundle's root and {@code lib/*.jar}, in that order, exactly the
 * class path Lambda gives it. It must stay one class file that needs nothing else (no nested or
 * anonymous classes).
 *
 * <p>Arguments: {@code <handler> <event file> <result file> <class path file> <function name>
 * <timeout millis> <memory MB>}. On success the result file holds the handler's output as JSON and the
 * exit code is 0; on failure it holds Lambda's error document ({@code errorType}, {@code errorMessage},
 * {@code stackTrace}) and the exit code is {@value #HANDLER_FAILED} (the handler threw), {@value
 * #INIT_FAILED} (the handler could not be loaded) or {@value #TIMED_OUT}.
 */
public final class LambdaHarness implements Context, LambdaLogger {
    public static final int HANDLER_FAILED = 1;
    public static final int INIT_FAILED = 2;
    public static final int TIMED_OUT = 3;
    /** The argument (8th, then a marker 9th) that makes the harness serve many invocations from standard input. */
    public static final String SERVE = "--serve";

    private final String functionName;
    private final long deadlineNanos;
    private final int memoryMb;
    private final String requestId = UUID.randomUUID().toString();
    private final PrintStream out;

    private LambdaHarness(String functionName, long timeoutMillis, int memoryMb, PrintStream out) {
        this.functionName = functionName;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.memoryMb = memoryMb;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        String handler = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        Path resultFile = Path.of(args[2]);
        List<String> classPath = Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8);
        String functionName = args[4];
        long timeoutMillis = Long.parseLong(args[5]);
        int memoryMb = Integer.parseInt(args[6]);

        List<URL> urls = new ArrayList<>();
        for (String entry : classPath) {
            if (!entry.isBlank()) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        // Lambda's customer class loader: the bundle over the runtime's own loader.
        URLClassLoader functionLoader =
                new URLClassLoader(urls.toArray(new URL[0]), LambdaHarness.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(functionLoader);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "main-handler");
            t.setContextClassLoader(functionLoader);
            t.setDaemon(true);
            return t;
        });

        // Init (class loading, static initializers, constructor) runs on the handler's thread under its own
        // deadline, as Lambda's init phase does: a static initializer that hangs ends here, not in a stuck JVM.
        Future<Object[]> init = executor.submit(() -> {
            String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
            String methodName = handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";
            Class<?> type = loadClass(functionLoader, className);
            Method found = findMethod(type, methodName, handler);
            return new Object[] {Modifier.isStatic(found.getModifiers()) ? null : instantiate(type), found};
        });
        Object target;
        Method method;
        try {
            Object[] loaded = init.get(timeoutMillis, TimeUnit.MILLISECONDS);
            target = loaded[0];
            method = (Method) loaded[1];
        } catch (TimeoutException e) {
            writeError(
                    resultFile,
                    "Sandbox.Timedout",
                    "Task timed out after " + String.format("%.2f", timeoutMillis / 1000.0)
                            + " seconds while the handler was being loaded (a static initializer or the constructor"
                            + " did not finish)",
                    List.of());
            System.out.flush();
            Runtime.getRuntime().halt(TIMED_OUT);
            return;
        } catch (ExecutionException e) {
            fail(resultFile, INIT_FAILED, e.getCause());
            return;
        }
        LambdaHarness context = new LambdaHarness(functionName, timeoutMillis, memoryMb, System.out);

        Object[] callTarget = {target};
        if (args.length > 8 && args[7].equals(SERVE)) {
            serve(args[8], functionName, timeoutMillis, memoryMb, executor, callTarget[0], method, functionLoader);
            return;
        }
        Future<byte[]> result = executor.submit(() -> invoke(callTarget[0], method, event, context, functionLoader));
        try {
            byte[] output = result.get(timeoutMillis, TimeUnit.MILLISECONDS);
            Files.write(resultFile, output);
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(0);
        } catch (TimeoutException e) {
            writeError(
                    resultFile,
                    "Sandbox.Timedout",
                    "Task timed out after " + String.format("%.2f", timeoutMillis / 1000.0) + " seconds",
                    List.of());
            System.out.flush();
            Runtime.getRuntime().halt(TIMED_OUT);
        } catch (ExecutionException e) {
            fail(resultFile, HANDLER_FAILED, unwrap(e.getCause()));
        }
    }

    private static Class<?> loadClass(ClassLoader loader, String className) throws ClassNotFoundException {
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new ClassNotFoundException("Class not found: " + className
                    + " (the bundle's root and lib/*.jar were searched, as Lambda does)");
        }
    }

    /** The handler's method, as Lambda chooses it: the interfaces first, then a public method by name. */
    private static Method findMethod(Class<?> type, String methodName, String handler) throws NoSuchMethodException {
        if (RequestStreamHandler.class.isAssignableFrom(type) && methodName.equals("handleRequest")) {
            return type.getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class);
        }
        if (RequestHandler.class.isAssignableFrom(type) && methodName.equals("handleRequest")) {
            return type.getMethod("handleRequest", Object.class, Context.class);
        }
        Method best = null;
        for (Method m : type.getMethods()) {
            if (m.getName().equals(methodName) && !m.isBridge() && m.getParameterCount() <= 3) {
                if (best == null || m.getParameterCount() > best.getParameterCount()) {
                    best = m;
                }
            }
        }
        if (best == null) {
            throw new NoSuchMethodException("No public method named " + methodName + " with 0 to 3 parameters in "
                    + type.getName() + " (handler '" + handler + "')");
        }
        return best;
    }

    private static Object instantiate(Class<?> type) throws Exception {
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new NoSuchMethodException("Class " + type.getName()
                    + " has no public no-argument constructor: Lambda creates the handler with one");
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw (Exception) (e.getCause() instanceof Exception ? e.getCause() : e);
        }
    }

    /** Calls the handler; its own exception arrives wrapped in an {@link InvocationTargetException}. */
    private static byte[] invoke(Object target, Method method, byte[] event, Context context, ClassLoader loader)
            throws Exception {
        Class<?>[] params = method.getParameterTypes();
        Object[] args = new Object[params.length];
        ByteArrayOutputStream streamOut = null;
        Type inputType = null;
        if (params.length > 0 && params[0] != InputStream.class && params[0] != Context.class) {
            inputType = RequestHandler.class.isAssignableFrom(method.getDeclaringClass())
                            && method.getName().equals("handleRequest")
                            && params.length == 2
                            && params[0] == Object.class
                    ? requestHandlerInput(target.getClass())
                    : method.getGenericParameterTypes()[0];
        }
        for (int i = 0; i < params.length; i++) {
            if (params[i] == InputStream.class) {
                args[i] = new ByteArrayInputStream(event);
            } else if (params[i] == OutputStream.class) {
                streamOut = new ByteArrayOutputStream();
                args[i] = streamOut;
            } else if (params[i] == Context.class) {
                args[i] = context;
            } else if (i == 0) {
                args[i] = deserialize(inputType, event, loader);
            }
        }
        Object result = method.invoke(target, args);
        if (streamOut != null) {
            return streamOut.toByteArray();
        }
        if (method.getReturnType() == void.class || result == null) {
            return "null".getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        serializer(result.getClass(), loader).toJson(result, json);
        return json.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static Object deserialize(Type type, byte[] event, ClassLoader loader) {
        Class<?> raw = raw(type);
        if (raw == Object.class || type instanceof TypeVariable) {
            return JacksonFactory.getInstance().getSerializer(Object.class).fromJson(new ByteArrayInputStream(event));
        }
        if (LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
            return LambdaEventSerializers.serializerFor(raw, loader).fromJson(new ByteArrayInputStream(event));
        }
        return JacksonFactory.getInstance().getSerializer(type).fromJson(new ByteArrayInputStream(event));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static PojoSerializer<Object> serializer(Class<?> type, ClassLoader loader) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return (PojoSerializer) LambdaEventSerializers.serializerFor(type, loader);
        }
        return (PojoSerializer) JacksonFactory.getInstance().getSerializer(type);
    }

    /** The {@code I} of {@code RequestHandler<I, O>} as the handler's class binds it, through its superclasses. */
    private static Type requestHandlerInput(Class<?> type) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            List<Type> supers = new ArrayList<>(List.of(c.getGenericInterfaces()));
            if (c.getGenericSuperclass() != null) {
                supers.add(c.getGenericSuperclass());
            }
            for (Type s : supers) {
                if (s instanceof ParameterizedType p && p.getRawType() instanceof Class<?> rawSuper) {
                    TypeVariable<?>[] variables = rawSuper.getTypeParameters();
                    Type[] actual = p.getActualTypeArguments();
                    for (int i = 0; i < variables.length; i++) {
                        Type bound = actual[i];
                        while (bound instanceof TypeVariable<?> v && bindings.containsKey(v)) {
                            bound = bindings.get(v);
                        }
                        bindings.put(variables[i], bound);
                    }
                    if (rawSuper == RequestHandler.class) {
                        return bindings.get(variables[0]);
                    }
                }
            }
        }
        return Object.class;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
    }

    /**
     * Serves invocations one after another in this JVM, as a warm Lambda sandbox does: each line of standard input
     * is {@code <event file>\t<result file>}; when an invocation is done its result file is written and a line
     * {@code <marker> <exit code>} is printed. A timeout stops the JVM, as Lambda resets a sandbox after one.
     */
    private static void serve(
            String marker,
            String functionName,
            long timeoutMillis,
            int memoryMb,
            ExecutorService executor,
            Object target,
            Method method,
            ClassLoader functionLoader)
            throws Exception {
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            String[] files = line.split("\t", 2);
            byte[] event = Files.readAllBytes(Path.of(files[0]));
            Path resultFile = Path.of(files[1]);
            LambdaHarness context = new LambdaHarness(functionName, timeoutMillis, memoryMb, System.out);
            Future<byte[]> result = executor.submit(() -> invoke(target, method, event, context, functionLoader));
            int code = 0;
            try {
                Files.write(resultFile, result.get(timeoutMillis, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                writeError(
                        resultFile,
                        "Sandbox.Timedout",
                        "Task timed out after " + String.format("%.2f", timeoutMillis / 1000.0) + " seconds",
                        List.of());
                code = TIMED_OUT;
            } catch (ExecutionException e) {
                writeFailure(resultFile, unwrap(e.getCause()));
                code = HANDLER_FAILED;
            }
            System.err.flush();
            System.out.println(marker + " " + code);
            System.out.flush();
            if (code == TIMED_OUT) {
                Runtime.getRuntime().halt(TIMED_OUT);
            }
        }
        Runtime.getRuntime().halt(0);
    }

    private static void fail(Path resultFile, int exitCode, Throwable failure) throws Exception {
        writeFailure(resultFile, failure);
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(exitCode);
    }

    private static void writeFailure(Path resultFile, Throwable failure) throws Exception {
        Throwable e = failure instanceof ExceptionInInitializerError && failure.getCause() != null
                ? failure.getCause()
                : failure;
        List<String> trace = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t != e) {
                trace.add("Caused by: " + t);
            }
            for (StackTraceElement element : t.getStackTrace()) {
                trace.add(element.toString());
            }
        }
        writeError(resultFile, e.getClass().getName(), String.valueOf(e.getMessage()), trace);
    }

    private static void writeError(Path resultFile, String type, String message, List<String> trace) throws Exception {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("errorType", type);
        error.put("errorMessage", message);
        error.put("stackTrace", trace);
        Files.write(resultFile, JacksonFactory.getInstance().getMapper().writeValueAsBytes(error));
    }

    // Context

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "streambot-invoke/" + requestId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        String region = System.getenv("AWS_REGION");
        return "arn:aws:lambda:" + region + ":000000000000:function:" + functionName;
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
        return (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return this;
    }

    // LambdaLogger: to standard output, as Lambda sends it to the function's log stream.

    @Override
    public void log(String message) {
        out.println(message);
    }

    @Override
    public void log(byte[] message) {
        out.println(new String(message, StandardCharsets.UTF_8));
    }
}

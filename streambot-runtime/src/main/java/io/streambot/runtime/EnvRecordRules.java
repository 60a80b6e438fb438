package io.streambot.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one set of rules for config records ({@link EnvRecord}), applied by every writer
 * ({@code streambot:put-env}, {@code Custom::StreambotEnv}) and by the runtime that reads them.
 *
 * <ul>
 *   <li><b>Function names.</b> The runtime reads the record keyed by the function's plain name (what
 *       Lambda's context reports, for every version and alias). A writer may be given the name, the
 *       function's ARN ({@code arn:aws:lambda:eu-west-1:123456789012:function:orders}) or its partial
 *       ARN ({@code 123456789012:function:orders}): these are reduced to the name. A qualified name
 *       ({@code orders:prod}, {@code orders:7}, an ARN ending in {@code :prod}) is refused: a config
 *       record belongs to the function, not to one alias or version, and the runtime would never read
 *       a record stored under a qualifier.
 *   <li><b>Keys</b> are environment-variable style: a letter or {@code _}, then letters, digits and
 *       {@code _}, at most {@value #MAX_KEY_LENGTH} characters.
 *   <li><b>Size.</b> The whole record, as DynamoDB counts it ({@link #estimatedItemBytes}), is at most
 *       {@value #MAX_RECORD_BYTES} bytes, well under DynamoDB's 400 KB item limit. There is no limit per
 *       value beyond that.
 *   <li><b>Ownership.</b> A writer records itself as the record's {@link EnvRecord#OWNER owner}:
 *       {@value #PUT_ENV_OWNER} for {@code streambot:put-env}, {@code stack:<stackId>/<logicalId>} for a
 *       stack's {@code Custom::StreambotEnv}. {@code put-env} refuses to change a record a stack owns
 *       (override: {@code -Dstreambot.env.takeOwnership=true}); the resource refuses to change or delete a
 *       record owned by {@code put-env} or by another stack (override: its property {@code TakeOwnership:
 *       true}). Within one stack, a resource may take over a record of another of its resources (a renamed
 *       logical id). A record without owner (older tools) may be adopted by either.
 * </ul>
 */
public final class EnvRecordRules {
    /** The longest key. */
    public static final int MAX_KEY_LENGTH = 128;

    /** The largest record, in bytes as DynamoDB counts them (see {@link #estimatedItemBytes}). */
    public static final int MAX_RECORD_BYTES = 300 * 1024;

    /** What a key must look like. */
    public static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The owner {@code streambot:put-env} writes. */
    public static final String PUT_ENV_OWNER = "put-env";

    /** The prefix of the owner a stack's {@code Custom::StreambotEnv} writes. */
    public static final String STACK_OWNER_PREFIX = "stack:";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    // name, account:function:name, arn:<partition>:lambda:<region>:<account>:function:name, each with an optional
    // :qualifier (group 2).
    private static final Pattern FUNCTION = Pattern.compile(
            "(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:|\\d{12}:function:)?([A-Za-z0-9_-]{1,64})"
                    + "(?::([$A-Za-z0-9_-]{1,128}))?");

    private EnvRecordRules() {}

    /** A value that breaks a rule: what is wrong and how to fix it (never the value, which may be a secret). */
    public static final class Violation extends IllegalArgumentException {
        private final String problem;
        private final String fix;

        Violation(String problem, String fix) {
            super(problem + ": " + fix);
            this.problem = problem;
            this.fix = fix;
        }

        public String problem() {
            return problem;
        }

        public String fix() {
            return fix;
        }
    }

    /**
     * The function name a record for {@code given} is stored under: {@code given} itself when it is a
     * plain name, the name inside it when it is an unqualified (partial) function ARN.
     *
     * @throws Violation when {@code given} is no function name or ARN, or carries a qualifier
     */
    public static String functionName(String given) {
        if (given == null || given.isBlank()) {
            throw new Violation("is not set", "name the Lambda function whose config this is");
        }
        Matcher m = FUNCTION.matcher(given.trim());
        if (!m.matches()) {
            throw new Violation(
                    "is not a Lambda function name or function ARN",
                    "use the function's name (1-64 letters, digits, '-' and '_') or its ARN");
        }
        if (m.group(2) != null) {
            throw new Violation(
                    "names a version or alias (':" + m.group(2) + "')",
                    "a config record belongs to the whole function and the runtime reads it by the function's name:"
                            + " drop the qualifier and give '" + m.group(1) + "'");
        }
        return m.group(1);
    }

    /** Whether {@code text} is a plain function name, the form records are keyed by. */
    public static boolean isFunctionName(String text) {
        return text != null && NAME.matcher(text).matches();
    }

    /** What is wrong with {@code key} as a config key, or empty when it is fine. */
    public static Optional<String> keyProblem(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return Optional.of("is not an environment-variable style name: use a letter or '_', then letters,"
                    + " digits and '_', such as DATABASE_URL");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            return Optional.of("is longer than " + MAX_KEY_LENGTH + " characters: use a shorter key");
        }
        return Optional.empty();
    }

    /**
     * The size of a record with these values as DynamoDB counts it (UTF-8 names and values, 3 bytes per
     * map plus 1 per entry), with allowances for the number, time, writer and owner attributes.
     */
    public static int estimatedItemBytes(String functionName, Map<String, String> env) {
        int size = utf8(EnvRecord.NAME) + utf8(functionName == null ? "" : functionName);
        size += utf8(EnvRecord.ENV) + 3;
        for (Map.Entry<String, String> e : env.entrySet()) {
            size += utf8(e.getKey()) + utf8(e.getValue() == null ? "" : e.getValue()) + 1;
        }
        size += utf8(EnvRecord.VERSION) + 21;
        size += utf8(EnvRecord.UPDATED_AT) + 40;
        size += utf8(EnvRecord.UPDATED_BY) + 64;
        size += utf8(EnvRecord.OWNER) + 1100;
        return size;
    }

    /** What is wrong with the size of a record with these values, or empty when it fits. */
    public static Optional<String> sizeProblem(String functionName, Map<String, String> env) {
        int size = estimatedItemBytes(functionName, env);
        if (size <= MAX_RECORD_BYTES) {
            return Optional.empty();
        }
        return Optional.of("makes a config record of " + size + " bytes, over streambot's limit of "
                + MAX_RECORD_BYTES + " bytes (DynamoDB items are limited to 400 KB): keep large values (certificates,"
                + " files) in S3 or SSM Parameter Store and put their names in the config");
    }

    /** The owner a stack's {@code Custom::StreambotEnv} resource writes. */
    public static String stackOwner(String stackId, String logicalResourceId) {
        return STACK_OWNER_PREFIX + stackId + "/" + logicalResourceId;
    }

    /** Whether {@code owner} is a stack's resource. */
    public static boolean isStackOwner(String owner) {
        return owner != null && owner.startsWith(STACK_OWNER_PREFIX);
    }

    /** Whether {@code owner} is a resource of the stack {@code stackId}. */
    public static boolean isOwnedByStack(String owner, String stackId) {
        return owner != null && owner.startsWith(STACK_OWNER_PREFIX + stackId + "/");
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}

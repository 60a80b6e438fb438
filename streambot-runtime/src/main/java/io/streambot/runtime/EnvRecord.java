package io.streambot.runtime;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One function's runtime configuration as stored in the streambot config table: the one definition of
 * the record layout, shared by the runtime (reads it), {@code streambot:put-env} and
 * {@code Custom::StreambotEnv} (write it).
 *
 * <table>
 *   <caption>Item layout</caption>
 *   <tr><th>attribute</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>{@value #NAME}</td><td>S (hash key)</td><td>the Lambda function's name</td></tr>
 *   <tr><td>{@value #ENV}</td><td>M of S</td><td>the configuration values, by key</td></tr>
 *   <tr><td>{@value #VERSION}</td><td>N</td><td>incremented by every write; writers condition on it</td></tr>
 *   <tr><td>{@value #UPDATED_AT}</td><td>S</td><td>ISO-8601 instant of the last write</td></tr>
 *   <tr><td>{@value #UPDATED_BY}</td><td>S</td><td>who wrote it: {@code put-env}, {@code Custom::StreambotEnv}, ...</td></tr>
 *   <tr><td>{@value #OWNER}</td><td>S (optional)</td><td>who owns it: {@value EnvRecordRules#PUT_ENV_OWNER} or
 *       {@code stack:<stackId>/<logicalId>}; the other writer refuses to change it (see {@link EnvRecordRules});
 *       absent in records older tools wrote, which any writer may adopt</td></tr>
 * </table>
 *
 * <p>Records written by older tools may lack {@value #VERSION} (read as 0) and {@value #OWNER} (read as
 * {@code ""}); both writers can update them.
 */
public record EnvRecord(
        String name, Map<String, String> env, long version, Instant updatedAt, String updatedBy, String owner) {
    /** Hash key attribute: the function name. */
    public static final String NAME = "name";
    /** Map attribute with the configuration values. */
    public static final String ENV = "env";
    /** Number attribute, incremented on every write. */
    public static final String VERSION = "version";
    /** String attribute, ISO-8601 time of the last write. */
    public static final String UPDATED_AT = "updatedAt";
    /** String attribute naming the writer. */
    public static final String UPDATED_BY = "updatedBy";
    /** String attribute naming the record's owner; absent in older records. */
    public static final String OWNER = "owner";
    /** The table name when {@code STREAMBOT_ENV_TABLE} is not set. */
    public static final String DEFAULT_TABLE = "streambot-env";
    /** The environment variable that names the config table. */
    public static final String TABLE_ENV_VARIABLE = "STREAMBOT_ENV_TABLE";

    public EnvRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(updatedAt, "updatedAt");
        env = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(env, "env")));
        updatedBy = updatedBy == null ? "" : updatedBy;
        owner = owner == null ? "" : owner;
    }

    /** A record without an owner (as older tools wrote them). */
    public EnvRecord(String name, Map<String, String> env, long version, Instant updatedAt, String updatedBy) {
        this(name, env, version, updatedAt, updatedBy, "");
    }

    /** Whether the record names an owner. */
    public boolean hasOwner() {
        return !owner.isEmpty();
    }

    /**
     * The DynamoDB key of the record for {@code functionName}.
     *
     * @throws IllegalArgumentException when {@code functionName} is not a plain function name (see {@link
     *     EnvRecordRules#functionName}, which reduces ARNs to names)
     */
    public static Map<String, AttributeValue> key(String functionName) {
        if (!EnvRecordRules.isFunctionName(functionName)) {
            throw new IllegalArgumentException("config records are keyed by a plain Lambda function name, not '"
                    + functionName + "': reduce it with EnvRecordRules.functionName");
        }
        return Map.of(NAME, AttributeValue.builder().s(functionName).build());
    }

    /** The item to write. */
    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        env.forEach((k, v) -> values.put(k, AttributeValue.builder().s(v).build()));
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(NAME, AttributeValue.builder().s(name).build());
        item.put(ENV, AttributeValue.builder().m(values).build());
        item.put(VERSION, AttributeValue.builder().n(Long.toString(version)).build());
        item.put(UPDATED_AT, AttributeValue.builder().s(updatedAt.toString()).build());
        item.put(UPDATED_BY, AttributeValue.builder().s(updatedBy).build());
        if (!owner.isEmpty()) {
            item.put(OWNER, AttributeValue.builder().s(owner).build());
        }
        return item;
    }

    /**
     * One item's attributes as a record reads them, whatever carries the item: the SDK's {@link AttributeValue}s or
     * the runtime's own GetItem JSON. The record's reading rules live once, in {@link #fromItem(Item)}.
     */
    public interface Item {
        /** The S value of {@code attribute}; null when it is absent or not a string. */
        String string(String attribute);

        /** The N value of {@code attribute}; null when it is absent or not a number. */
        String number(String attribute);

        /**
         * The entries of the M value of {@code attribute}, each its S value or null where the value is not a string;
         * null when the attribute is absent or not a map.
         */
        Map<String, String> mapOfStrings(String attribute);
    }

    /**
     * Reads an item written by any streambot writer.
     *
     * @throws MalformedEnvRecordException naming the attribute that is missing or of the wrong type
     */
    public static EnvRecord fromItem(Map<String, AttributeValue> item) {
        return fromItem(new Item() {
            @Override
            public String string(String attribute) {
                AttributeValue value = item.get(attribute);
                return value == null ? null : value.s();
            }

            @Override
            public String number(String attribute) {
                AttributeValue value = item.get(attribute);
                return value == null ? null : value.n();
            }

            @Override
            public Map<String, String> mapOfStrings(String attribute) {
                AttributeValue value = item.get(attribute);
                if (value == null || !value.hasM()) {
                    return null;
                }
                Map<String, String> entries = new LinkedHashMap<>();
                value.m().forEach((k, v) -> entries.put(k, v.s()));
                return entries;
            }
        });
    }

    /**
     * Reads an item written by any streambot writer.
     *
     * @throws MalformedEnvRecordException naming the attribute that is missing or of the wrong type
     */
    public static EnvRecord fromItem(Item item) {
        String name = item.string(NAME);
        if (name == null) {
            throw new MalformedEnvRecordException("?", "attribute '" + NAME + "' is missing or not a string (S)");
        }
        Map<String, String> env = item.mapOfStrings(ENV);
        if (env == null) {
            throw new MalformedEnvRecordException(name, "attribute '" + ENV + "' is missing or not a map (M)");
        }
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getValue() == null) {
                throw new MalformedEnvRecordException(
                        name, "value of key '" + e.getKey() + "' in '" + ENV + "' is not a string (S)");
            }
            values.put(e.getKey(), e.getValue());
        }
        String version = item.number(VERSION);
        long v;
        try {
            v = version == null ? 0 : Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new MalformedEnvRecordException(name, "attribute '" + VERSION + "' is not a whole number");
        }
        String updatedAt = item.string(UPDATED_AT);
        Instant at;
        try {
            at = updatedAt == null ? Instant.EPOCH : Instant.parse(updatedAt);
        } catch (RuntimeException e) {
            throw new MalformedEnvRecordException(name, "attribute '" + UPDATED_AT + "' is not an ISO-8601 instant");
        }
        return new EnvRecord(name, values, v, at, item.string(UPDATED_BY), item.string(OWNER));
    }

    /** A record that no streambot writer could have written. */
    public static final class MalformedEnvRecordException extends RuntimeException {
        private final String functionName;
        private final String problem;

        public MalformedEnvRecordException(String functionName, String problem) {
            super("malformed streambot config record for function '" + functionName + "': " + problem);
            this.functionName = functionName;
            this.problem = problem;
        }

        public String functionName() {
            return functionName;
        }

        /** What is wrong with the record, without the function's name. */
        public String problem() {
            return problem;
        }
    }
}

package io.streambot.runtime;

import io.streambot.runtime.internal.CurrentEnv;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The function's runtime configuration: the values of its record in the streambot config table,
 * loaded by the wrapper ({@link Streambot#wrap}, {@link StreambotRequestHandler},
 * {@link StreambotStreamHandler}) before the handler runs.
 *
 * <pre>{@code
 * String bucket = StreambotEnv.get("EventBucket");
 * int batch = StreambotEnv.getInt("BatchSize", 100);
 * Duration timeout = StreambotEnv.getDuration("UploadTimeout");   // "30s", "5m" or "PT30S"
 * }</pre>
 *
 * <h2>How this differs from the original streambot's {@code process.env}</h2>
 * The Node.js wrapper copied the record into {@code process.env}. Java cannot change
 * {@code System.getenv()}, so the values are <em>not</em> environment variables: read them here,
 * not with {@code System.getenv}. The function's real environment variables (set on the Lambda
 * function) stay where they are and are not mixed in. Values are strings, as in the original; the
 * typed getters parse them and fail with a message naming the key, the function and the table
 * (never the value). The original read the table on every invocation; this runtime reads it once
 * per execution environment and refreshes it after a TTL (see {@link Streambot}).
 *
 * <h2>Consistency</h2>
 * Each invocation sees one {@link Snapshot} from its start to its end: the static getters read the
 * snapshot pinned for the invocation running on the calling thread, so a refresh that lands while a
 * handler runs never mixes two versions in one invocation. On other threads (ones the handler starts
 * itself) they read the most recently loaded snapshot; hand such threads {@link #current()} instead
 * when they must see the invocation's version.
 */
public final class StreambotEnv {
    private StreambotEnv() {}

    /**
     * The snapshot of the invocation running on this thread, or else the most recently loaded one.
     *
     * @throws IllegalStateException if no wrapped handler has loaded a configuration yet in this JVM
     */
    public static Snapshot current() {
        return CurrentEnv.get();
    }

    /**
     * The value of {@code key}.
     *
     * @throws StreambotConfigException naming the key, the function and the table if the key is not set
     */
    public static String get(String key) {
        return current().get(key);
    }

    /** The value of {@code key}, or {@code defaultValue} if the key is not set. */
    public static String get(String key, String defaultValue) {
        return current().get(key, defaultValue);
    }

    /**
     * The value of {@code key} as an {@code int}.
     *
     * @throws StreambotConfigException if the key is not set or its value is not a whole number in range
     */
    public static int getInt(String key) {
        return current().getInt(key);
    }

    /**
     * The value of {@code key} as an {@code int}, or {@code defaultValue} if the key is not set.
     *
     * @throws StreambotConfigException if the value is set but is not a whole number in range
     */
    public static int getInt(String key, int defaultValue) {
        return current().getInt(key, defaultValue);
    }

    /**
     * The value of {@code key} as a {@code long}.
     *
     * @throws StreambotConfigException if the key is not set or its value is not a whole number in range
     */
    public static long getLong(String key) {
        return current().getLong(key);
    }

    /**
     * The value of {@code key} as a {@code long}, or {@code defaultValue} if the key is not set.
     *
     * @throws StreambotConfigException if the value is set but is not a whole number in range
     */
    public static long getLong(String key, long defaultValue) {
        return current().getLong(key, defaultValue);
    }

    /**
     * The value of {@code key} as a {@code boolean}: {@code true} or {@code false}, in any case.
     *
     * @throws StreambotConfigException if the key is not set or its value is neither
     */
    public static boolean getBoolean(String key) {
        return current().getBoolean(key);
    }

    /**
     * The value of {@code key} as a {@code boolean}, or {@code defaultValue} if the key is not set.
     *
     * @throws StreambotConfigException if the value is set but is neither {@code true} nor {@code false}
     */
    public static boolean getBoolean(String key, boolean defaultValue) {
        return current().getBoolean(key, defaultValue);
    }

    /**
     * The value of {@code key} as a duration, spelled ISO-8601 ({@code PT30S}) or as a number with a
     * unit ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}).
     *
     * @throws StreambotConfigException if the key is not set or its value is not such a duration
     */
    public static Duration getDuration(String key) {
        return current().getDuration(key);
    }

    /**
     * The value of {@code key} as a duration (see {@link #getDuration(String)}), or
     * {@code defaultValue} if the key is not set.
     *
     * @throws StreambotConfigException if the value is set but is not a duration
     */
    public static Duration getDuration(String key, Duration defaultValue) {
        return current().getDuration(key, defaultValue);
    }

    /** All values, by key, sorted by key; unmodifiable. */
    public static Map<String, String> asMap() {
        return current().asMap();
    }

    /**
     * One loaded version of a function's configuration: immutable, safe to share between threads and
     * to keep beyond the invocation (it then stops following refreshes). Its getters are those of
     * {@link StreambotEnv}.
     */
    public static final class Snapshot {
        private final String functionName;
        private final String table;
        private final long version;
        private final Instant updatedAt;
        private final Map<String, String> values;

        private Snapshot(EnvRecord record, String table) {
            this.functionName = record.name();
            this.table = Objects.requireNonNull(table, "table");
            this.version = record.version();
            this.updatedAt = record.updatedAt();
            this.values = record.env();
        }

        /**
         * A snapshot of {@code record} as read from {@code table}. The wrapper makes these; build one
         * yourself to unit-test code that takes a snapshot.
         */
        public static Snapshot of(EnvRecord record, String table) {
            return new Snapshot(Objects.requireNonNull(record, "record"), table);
        }

        /** The function this configuration belongs to: the record's key. */
        public String functionName() {
            return functionName;
        }

        /** The config table it was read from. */
        public String table() {
            return table;
        }

        /** The record's version ({@code 0} for the empty configuration of a function without record). */
        public long version() {
            return version;
        }

        /** When the record was last written ({@link Instant#EPOCH} when unknown). */
        public Instant updatedAt() {
            return updatedAt;
        }

        /** Whether {@code key} is set. */
        public boolean contains(String key) {
            return values.containsKey(key);
        }

        /** See {@link StreambotEnv#get(String)}. */
        public String get(String key) {
            String value = values.get(key);
            if (value == null) {
                throw new StreambotConfigException(
                        functionName,
                        table,
                        key,
                        "streambot config key '" + key + "' is not set for function '" + functionName + "' (table '"
                                + table + "', record version " + version + ", " + describeKeys()
                                + "): add it with mvn streambot:put-env or to the function's Custom::StreambotEnv"
                                + " resource, or read it with a default",
                        null);
            }
            return value;
        }

        /** See {@link StreambotEnv#get(String, String)}. */
        public String get(String key, String defaultValue) {
            return values.getOrDefault(key, defaultValue);
        }

        /** See {@link StreambotEnv#getInt(String)}. */
        public int getInt(String key) {
            String value = get(key);
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw malformed(key, "is not a whole number in the range of an int", e);
            }
        }

        /** See {@link StreambotEnv#getInt(String, int)}. */
        public int getInt(String key, int defaultValue) {
            return contains(key) ? getInt(key) : defaultValue;
        }

        /** See {@link StreambotEnv#getLong(String)}. */
        public long getLong(String key) {
            String value = get(key);
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw malformed(key, "is not a whole number in the range of a long", e);
            }
        }

        /** See {@link StreambotEnv#getLong(String, long)}. */
        public long getLong(String key, long defaultValue) {
            return contains(key) ? getLong(key) : defaultValue;
        }

        /** See {@link StreambotEnv#getBoolean(String)}. */
        public boolean getBoolean(String key) {
            String value = get(key).trim().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw malformed(key, "is neither true nor false", null);
            };
        }

        /** See {@link StreambotEnv#getBoolean(String, boolean)}. */
        public boolean getBoolean(String key, boolean defaultValue) {
            return contains(key) ? getBoolean(key) : defaultValue;
        }

        /** See {@link StreambotEnv#getDuration(String)}. */
        public Duration getDuration(String key) {
            String value = get(key);
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw malformed(key, "is " + e.getMessage(), e);
            }
        }

        /** See {@link StreambotEnv#getDuration(String, Duration)}. */
        public Duration getDuration(String key, Duration defaultValue) {
            return contains(key) ? getDuration(key) : defaultValue;
        }

        /** All values, by key, sorted by key; unmodifiable. */
        public Map<String, String> asMap() {
            return values;
        }

        @Override
        public String toString() {
            // Never the values: they may be secrets and toString ends up in logs.
            return "StreambotEnv.Snapshot[function=" + functionName + ", table=" + table + ", version=" + version
                    + ", keys=" + values.keySet() + "]";
        }

        private StreambotConfigException malformed(String key, String problem, Throwable cause) {
            return new StreambotConfigException(
                    functionName,
                    table,
                    key,
                    "streambot config key '" + key + "' of function '" + functionName + "' (table '" + table
                            + "', record version " + version + ") " + problem
                            + ": fix the value with mvn streambot:put-env or in the function's Custom::StreambotEnv"
                            + " resource",
                    cause);
        }

        private String describeKeys() {
            if (values.isEmpty()) {
                return "no keys set";
            }
            String keys = String.join(", ", values.keySet().stream().limit(20).toList());
            return "keys set: " + keys + (values.size() > 20 ? ", ... (" + values.size() + " in all)" : "");
        }
    }
}

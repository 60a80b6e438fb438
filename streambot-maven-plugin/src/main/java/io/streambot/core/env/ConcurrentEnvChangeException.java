package io.streambot.core.env;

/**
 * Another writer changed a function's config record between put-env's read and its conditional write.
 * Nothing was overwritten.
 */
public class ConcurrentEnvChangeException extends RuntimeException {
    private final String functionName;
    private final long readVersion;
    private final long foundVersion;

    public ConcurrentEnvChangeException(
            String functionName, String table, long readVersion, long foundVersion, String foundBy) {
        super("the config record of function '" + functionName + "' in table '" + table + "' changed while put-env"
                + " ran: it read version " + readVersion + (readVersion == 0 ? " (no record)" : "")
                + ", the table now holds version " + foundVersion
                + (foundBy == null || foundBy.isEmpty() ? "" : " written by " + foundBy)
                + ". Nothing was written. Run put-env again to see the new diff, or pass -Dstreambot.force=true"
                + " to overwrite the other writer's values knowingly");
        this.functionName = functionName;
        this.readVersion = readVersion;
        this.foundVersion = foundVersion;
    }

    public String functionName() {
        return functionName;
    }

    public long readVersion() {
        return readVersion;
    }

    public long foundVersion() {
        return foundVersion;
    }
}

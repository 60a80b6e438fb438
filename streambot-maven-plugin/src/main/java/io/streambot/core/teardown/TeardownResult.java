package io.streambot.core.teardown;

import java.util.List;

/**
 * What a teardown removed (or, on a dry run, would remove) and what it left, each with why.
 *
 * @param stackDeleted the stack was deleted (false on a dry run or when there was none)
 * @param records the config records deleted (function names)
 * @param objects the code objects deleted (keys)
 * @param left what was found but kept, one line each with the reason
 */
public record TeardownResult(
        boolean dryRun, boolean stackDeleted, List<String> records, List<String> objects, List<String> left) {
    public TeardownResult {
        records = List.copyOf(records);
        objects = List.copyOf(objects);
        left = List.copyOf(left);
    }
}

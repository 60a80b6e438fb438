package io.streambot.core.create;

import java.nio.file.Path;
import java.util.List;

/**
 * A project {@code streambot:create} wrote.
 *
 * @param directory its folder
 * @param files the files written, relative to {@code directory}, in the starter's order
 * @param starter the starter it came from
 * @param handler the handler string of its function
 */
public record CreateResult(Path directory, List<String> files, Starter starter, String handler) {
    public CreateResult {
        files = List.copyOf(files);
    }
}

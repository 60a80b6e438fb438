package io.streambot.core.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last sequence number of each shard whose batch the function finished (successfully, or skipped after
 * its retries), kept in a JSON file so that a restart continues after it, as Lambda's mapping does. The file
 * is rewritten (atomically) after every finished batch.
 */
public final class Checkpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String streamArn;
    private final Map<String, String> shards = new LinkedHashMap<>();

    private Checkpoints(Path file, String streamArn) {
        this.file = file;
        this.streamArn = streamArn;
    }

    /** The checkpoints of {@code streamArn} kept in {@code directory} (one file per stream), none yet if absent. */
    public static Checkpoints load(Path directory, String streamArn) {
        Path file = directory.resolve(fileName(streamArn));
        Checkpoints checkpoints = new Checkpoints(file, streamArn);
        if (Files.isRegularFile(file)) {
            try {
                JsonNode tree = JSON.readTree(file.toFile());
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                tree.path("shards").fields();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    checkpoints.shards.put(e.getKey(), e.getValue().asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the checkpoints " + file + ": " + e.getMessage(), e);
            }
        }
        return checkpoints;
    }

    /** The file, for messages. */
    public Path file() {
        return file;
    }

    /** The last finished sequence number of the shard, if any. */
    public Optional<String> get(String shardId) {
        return Optional.ofNullable(shards.get(shardId));
    }

    /** A copy of every shard's checkpoint. */
    public Map<String, String> all() {
        return Map.copyOf(shards);
    }

    /** Records that the shard is finished up to and including {@code sequenceNumber}, and saves. */
    public void advance(String shardId, String sequenceNumber) {
        String current = shards.get(shardId);
        if (current != null && StreamRecord.compareSequence(current, sequenceNumber) >= 0) {
            return;
        }
        shards.put(shardId, sequenceNumber);
        save();
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode();
        root.put("streamArn", streamArn);
        ObjectNode node = root.putObject("shards");
        shards.forEach(node::put);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(
                    tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoints " + file + ": " + e.getMessage(), e);
        }
    }

    /** A file name from the ARN: readable, and unique per stream. */
    static String fileName(String streamArn) {
        String safe = streamArn.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.length() > 150) {
            safe = safe.substring(safe.length() - 150);
        }
        return safe + "-" + Integer.toHexString(streamArn.hashCode()) + ".json";
    }
}

package io.streambot.core.env;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streambot.core.Events;
import io.streambot.core.aws.AwsErrors;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.EnvRecordRestore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Makes a failed {@code deploy-stack} leave the live config as it was before the build: {@code put-env}
 * records what it wrote ({@link #record}: the function, the record before, the version written) in
 * {@code put-env-<function>.json} of the build's output directory, owner-only readable since it holds the
 * previous values; when {@code deploy-stack} fails in the same build, {@link #restore} puts each
 * previous record back (or deletes a record that did not exist) conditionally on the version put-env
 * wrote, so a record another writer changed meanwhile is left alone; when it succeeds, {@link #forget}
 * drops the files. Files of other builds are ignored.
 */
public final class PutEnvCompensation {
    static final String PREFIX = "put-env-";
    static final String RESTORED_BY = "put-env (restored after a failed deploy-stack)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final String build;

    /**
     * @param directory the build's streambot output directory ({@code target/streambot})
     * @param build identifies the Maven build (session), so that only its own writes are undone
     */
    public PutEnvCompensation(Path directory, String build) {
        this.directory = directory;
        this.build = build;
    }

    /** What one put-env write changed and how the undo went. */
    public record Restored(String functionName, EnvRecordRestore.Result result, long writtenVersion) {}

    /** Records a write of put-env (nothing for a result that wrote nothing). */
    public void record(String table, EnvWriteResult result) {
        if (!result.written()) {
            forgetFunction(result.functionName());
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("build", build);
        root.put("table", table);
        root.put("function", result.functionName());
        if (result.previous() == null) {
            root.putNull("previous");
        } else {
            EnvRecord p = result.previous();
            ObjectNode previous = root.putObject("previous");
            ObjectNode env = previous.putObject("env");
            new TreeMap<>(p.env()).forEach(env::put);
            previous.put("version", p.version());
            previous.put("updatedAt", p.updatedAt().toString());
            previous.put("updatedBy", p.updatedBy());
            previous.put("owner", p.owner());
        }
        ObjectNode written = root.putObject("written");
        written.put("version", result.record().version());
        written.put("updatedAt", result.record().updatedAt().toString());
        written.put("updatedBy", result.record().updatedBy());
        try {
            Files.createDirectories(directory);
            Path file = file(result.functionName());
            Files.deleteIfExists(file);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("could not record put-env's write in " + directory, e);
        }
    }

    /**
     * Undoes every write this build's put-env recorded, newest state first, each conditionally on the
     * version it wrote; reports each through {@code events} and returns what it did.
     */
    public List<Restored> restore(DynamoDbClient dynamoDb, Clock clock, Events events) {
        List<Restored> done = new ArrayList<>();
        for (Path file : ownFiles()) {
            JsonNode root = readJson(file);
            String function = root.path("function").asText();
            String table = root.path("table").asText();
            JsonNode written = root.path("written");
            EnvRecord writtenRecord = new EnvRecord(
                    function,
                    Map.of(),
                    written.path("version").asLong(),
                    Instant.parse(written.path("updatedAt").asText()),
                    written.path("updatedBy").asText());
            Optional<EnvRecord> previous = previous(function, root.path("previous"));
            EnvRecordRestore.Result result;
            try {
                result = EnvRecordRestore.undo(
                        dynamoDb,
                        table,
                        previous.map(EnvRecord::toItem),
                        writtenRecord,
                        clock.instant(),
                        RESTORED_BY,
                        null);
            } catch (SdkException e) {
                throw AwsErrors.translate(
                        "restore the config of function '" + function + "' after the failed deploy",
                        "table " + table,
                        e);
            }
            switch (result) {
                case RESTORED ->
                    events.info("Restored the config of function '" + function + "' in table '" + table
                            + "' to what it was before this build (version "
                            + previous.get().version()
                            + ", now written as version " + (writtenRecord.version() + 1)
                            + ") because the deploy failed");
                case DELETED ->
                    events.info("Deleted the config record of function '" + function + "' in table '" + table
                            + "' that this build's put-env created, because the deploy failed");
                case LEFT_ALONE ->
                    events.warn("Did not restore the config of function '" + function + "' in table '" + table
                            + "': it changed after this build's put-env wrote version " + writtenRecord.version()
                            + "; the other writer's values are kept");
            }
            done.add(new Restored(function, result, writtenRecord.version()));
            delete(file);
        }
        return done;
    }

    /** The deploy succeeded: put-env's writes of this build stay. */
    public void forget() {
        ownFiles().forEach(PutEnvCompensation::delete);
    }

    private void forgetFunction(String function) {
        Path file = file(function);
        if (Files.isRegularFile(file)
                && build.equals(readJson(file).path("build").asText())) {
            delete(file);
        }
    }

    private static Optional<EnvRecord> previous(String function, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        Map<String, String> env = new TreeMap<>();
        node.path("env")
                .properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        return Optional.of(new EnvRecord(
                function,
                env,
                node.path("version").asLong(),
                Instant.parse(node.path("updatedAt").asText()),
                node.path("updatedBy").asText(),
                node.path("owner").asText()));
    }

    private List<Path> ownFiles() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith(PREFIX)
                            && f.getFileName().toString().endsWith(".json"))
                    .filter(f -> build.equals(readJson(f).path("build").asText()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + directory, e);
        }
    }

    private Path file(String function) {
        return directory.resolve(PREFIX + function + ".json");
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file, e);
        }
    }
}

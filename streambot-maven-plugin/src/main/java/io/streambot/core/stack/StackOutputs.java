package io.streambot.core.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** A deployed stack's identity, status and outputs, as the build exports them. */
public record StackOutputs(String stackName, String stackId, String status, Map<String, String> outputs) {

    public static StackOutputs of(Stack stack) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output o : stack.outputs()) {
            outputs.put(o.outputKey(), o.outputValue());
        }
        return new StackOutputs(
                stack.stackName(), stack.stackId(), stack.stackStatusAsString(), Collections.unmodifiableMap(outputs));
    }

    /** The file {@link #write} writes: {@code stack-<name>.json} in {@code directory}. */
    public static Path file(Path directory, String stackName) {
        return directory.resolve("stack-" + stackName + ".json");
    }

    /** Writes {@code stack-<name>.json}: name, id, status and outputs. */
    public Path write(Path directory) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("stackName", stackName);
        root.put("stackId", stackId);
        root.put("status", status);
        ObjectNode out = root.putObject("outputs");
        outputs.forEach(out::put);
        Path file = file(directory, stackName);
        try {
            Files.createDirectories(directory);
            Files.writeString(file, mapper.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}

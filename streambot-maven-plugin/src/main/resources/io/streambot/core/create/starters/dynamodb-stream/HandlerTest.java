package {{package}};

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.streambot.runtime.EnvRecord;
import io.streambot.runtime.StreambotEnv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerTest {
    @Test
    void logsEachChangeOfTheSampleEventWithTheConfiguredPrefix() throws IOException {
        DynamodbEvent event;
        try (InputStream json = Files.newInputStream(Path.of("src/test/resources/events/dynamodb-stream.json"))) {
            event = LambdaEventSerializers.serializerFor(DynamodbEvent.class, getClass().getClassLoader())
                    .fromJson(json);
        }
        StreambotEnv.Snapshot config = StreambotEnv.Snapshot.of(
                new EnvRecord("{{artifactId}}", Map.of("LogPrefix", "seen"), 1, Instant.EPOCH, "test"),
                "streambot-env");
        List<String> log = new ArrayList<>();

        String result = Handler.handle(event, config, log::add);

        assertEquals("processed 2 changes", result);
        assertEquals(List.of("seen INSERT {id=42}", "seen MODIFY {id=42}"), log);
    }
}

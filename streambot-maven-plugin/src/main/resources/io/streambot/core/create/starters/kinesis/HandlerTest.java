package {{package}};

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
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
    void logsEachRecordOfTheSampleEventWithTheConfiguredPrefix() throws IOException {
        KinesisEvent event;
        try (InputStream json = Files.newInputStream(Path.of("src/test/resources/events/kinesis.json"))) {
            event = LambdaEventSerializers.serializerFor(KinesisEvent.class, getClass().getClassLoader())
                    .fromJson(json);
        }
        StreambotEnv.Snapshot config = StreambotEnv.Snapshot.of(
                new EnvRecord("{{artifactId}}", Map.of("LogPrefix", "got"), 1, Instant.EPOCH, "test"),
                "streambot-env");
        List<String> log = new ArrayList<>();

        String result = Handler.handle(event, config, log::add);

        assertEquals("processed 2 records", result);
        assertEquals(
                List.of(
                        "got sensor-1: {\"sensor\":\"sensor-1\",\"temperature\":21.5}",
                        "got sensor-2: {\"sensor\":\"sensor-2\",\"temperature\":19.0}"),
                log);
    }
}

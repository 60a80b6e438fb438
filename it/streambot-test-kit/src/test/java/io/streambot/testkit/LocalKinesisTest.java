package io.streambot.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

@LocalAws
class LocalKinesisTest {
    @Test
    void putRecordsComeBackInOrderFromTheShard(LocalKinesis kinesis) {
        String stream = LocalKinesis.uniqueStreamName("kit");
        kinesis.createStream(stream, 1);
        try {
            String first = kinesis.put(stream, "k", "one").sequenceNumber();
            kinesis.put(stream, "k", "two");
            String shard = kinesis.client()
                    .listShards(b -> b.streamName(stream))
                    .shards()
                    .get(0)
                    .shardId();
            String iterator = kinesis.client()
                    .getShardIterator(
                            b -> b.streamName(stream).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            var records =
                    kinesis.client().getRecords(b -> b.shardIterator(iterator)).records();
            assertThat(records).extracting(r -> r.data().asUtf8String()).containsExactly("one", "two");
            assertThat(records.get(0).sequenceNumber()).isEqualTo(first);
        } finally {
            kinesis.deleteStream(stream);
        }
    }
}

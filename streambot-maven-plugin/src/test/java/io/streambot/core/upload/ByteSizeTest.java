package io.streambot.core.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void sizesReadAsUsersWriteThem() {
        assertThat(ByteSize.parse("16MB")).isEqualTo(16L << 20);
        assertThat(ByteSize.parse("8 MiB")).isEqualTo(8L << 20);
        assertThat(ByteSize.parse("512k")).isEqualTo(512L << 10);
        assertThat(ByteSize.parse("1048576")).isEqualTo(1L << 20);
    }

    @Test
    void nonsenseAndOverflowAreNotSizes() {
        assertThat(ByteSize.parse("big")).isEqualTo(-1);
        assertThat(ByteSize.parse("-5MB")).isEqualTo(-1);
        // Would wrap around to a negative or small number when shifted.
        assertThat(ByteSize.parse("99999999999G")).isEqualTo(-1);
        assertThat(ByteSize.parse("99999999999999999999")).isEqualTo(-1);
    }
}

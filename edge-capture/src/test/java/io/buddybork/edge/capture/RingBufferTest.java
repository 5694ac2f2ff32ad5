package io.buddybork.edge.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RingBufferTest {

    @Test
    void bytesWrapAroundAndMarkersStopReadsAtTheirPosition() throws Exception {
        RingBuffer ring = new RingBuffer(8);
        ring.mark(true, 100);
        assertThat(ring.write(new byte[] {1, 2, 3, 4, 5, 6}, 0, 6)).isTrue();
        byte[] out = new byte[8];
        assertThat(ring.read(out, 0, 8)).isEqualTo(RingBuffer.MARKER);
        assertThat(ring.takeMarker()).isEqualTo(new RingBuffer.Marker(0, true, 100));
        assertThat(ring.read(out, 0, 4)).isEqualTo(4);
        ring.mark(false, 200);
        assertThat(ring.write(new byte[] {7, 8, 9, 10}, 0, 4))
                .as("wraps around")
                .isTrue();
        assertThat(ring.read(out, 0, 8)).as("stops at the marker").isEqualTo(2);
        assertThat(out).startsWith(5, 6);
        assertThat(ring.read(out, 0, 8)).isEqualTo(RingBuffer.MARKER);
        assertThat(ring.takeMarker().anchorMs()).isEqualTo(200);
        assertThat(ring.read(out, 0, 8)).isEqualTo(4);
        assertThat(out).startsWith(7, 8, 9, 10);
        ring.end();
        assertThat(ring.read(out, 0, 8)).isEqualTo(RingBuffer.END);
    }

    @Test
    void aFullRingRefusesWritesInsteadOfBlockingTheReader() {
        RingBuffer ring = new RingBuffer(4);
        assertThat(ring.write(new byte[4], 0, 4)).isTrue();
        assertThat(ring.write(new byte[2], 0, 2)).isFalse();
        assertThat(ring.writeAfterMark(5, new byte[2], 0, 2)).isFalse();
        assertThat(ring.buffered()).isEqualTo(4);
    }
}

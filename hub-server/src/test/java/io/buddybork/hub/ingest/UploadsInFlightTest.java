package io.buddybork.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ledger of uploads being handled: its two bounds and its releases. */
class UploadsInFlightTest {

    @Test
    void refusesOneUploadMoreThanTheCountAndAdmitsAgainOnceOneIsReleased() {
        UploadsInFlight ledger = new UploadsInFlight(2, 1 << 30);
        UploadsInFlight.Slot a = ledger.tryAcquire(265_000);
        UploadsInFlight.Slot b = ledger.tryAcquire(265_000);
        assertThat(ledger.refuses(265_000)).isTrue();
        assertThat(ledger.tryAcquire(265_000)).isNull();
        assertThat(ledger.uploads()).isEqualTo(2);
        a.release();
        assertThat(ledger.tryAcquire(265_000)).isNotNull();
        b.release();
    }

    @Test
    void theByteBoundRefusesFurtherBodiesButNeverTheFirst() {
        UploadsInFlight ledger = new UploadsInFlight(64, 3_000_000);
        UploadsInFlight.Slot big = ledger.tryAcquire(2_097_152);
        assertThat(big).isNotNull();
        assertThat(ledger.tryAcquire(1_000_000)).isNull();
        assertThat(ledger.tryAcquire(500_000)).isNotNull();
        big.release();
        assertThat(ledger.bytes()).isEqualTo(500_000);
        UploadsInFlight empty = new UploadsInFlight(64, 1_000);
        assertThat(empty.tryAcquire(2_097_152)).isNotNull();
    }

    @Test
    void releasingTwiceGivesBackOnce() {
        UploadsInFlight ledger = new UploadsInFlight(4, 1 << 30);
        UploadsInFlight.Slot a = ledger.tryAcquire(10);
        ledger.tryAcquire(20);
        a.release();
        a.release();
        assertThat(ledger.uploads()).isEqualTo(1);
        assertThat(ledger.bytes()).isEqualTo(20);
    }
}

package io.buddybork.edge.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheCapWithJitterInTheUpperHalf() {
        Backoff lowest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), bound -> 0);
        Backoff highest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), bound -> bound - 1);
        long[] low = new long[9];
        long[] high = new long[9];
        for (int i = 0; i < 9; i++) {
            low[i] = lowest.nextDelayMillis(-1);
            high[i] = highest.nextDelayMillis(-1);
        }
        assertThat(low).containsExactly(500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000);
        assertThat(high).containsExactly(999, 1999, 3999, 7999, 15999, 31999, 59999, 59999, 59999);
    }

    @Test
    void retryAfterIsAFloorAndResetStartsOver() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), bound -> 0);
        assertThat(backoff.nextDelayMillis(12_000)).isEqualTo(12_000);
        assertThat(backoff.nextDelayMillis(1)).isEqualTo(1000);
        assertThat(backoff.nextDelayMillis(Long.MAX_VALUE)).isEqualTo(Backoff.MAX_RETRY_AFTER_MS);
        backoff.reset();
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.nextDelayMillis(-1)).isEqualTo(500);
    }
}

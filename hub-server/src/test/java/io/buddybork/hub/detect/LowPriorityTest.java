package io.buddybork.hub.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Scoring threads give up CPU to the rest of the hub: lowering one thread leaves the others alone. */
class LowPriorityTest {

    @Test
    void aLoweredThreadRunsAtNice19AndOtherThreadsKeepTheirPriority() throws Exception {
        Optional<Integer> before = LowPriority.currentNice();
        assumeTrue(before.isPresent(), "the OS reports no per-thread nice value (not Linux)");
        int lowered = CompletableFuture.supplyAsync(() -> {
                    assertThat(LowPriority.lowerCurrentThread()).isTrue();
                    return LowPriority.currentNice().orElseThrow();
                })
                .get();
        assertThat(lowered).isEqualTo(19);
        assertThat(LowPriority.currentNice()).isEqualTo(before);
    }
}

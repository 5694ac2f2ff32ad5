package io.buddybork.edge.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.edge.status.EdgeMetrics;
import io.buddybork.edge.upload.Backoff;
import io.buddybork.model.wire.CaptureState;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureStateWatcherTest {
    @TempDir
    Path dir;

    final EdgeMetrics metrics = new EdgeMetrics();
    final List<Boolean> applied = new ArrayList<>();
    final List<Long> sleeps = new ArrayList<>();
    final List<Long> askedVersions = new ArrayList<>();
    final Deque<Object> answers = new ArrayDeque<>();

    private CaptureStateWatcher watcher(CaptureStateStore store) {
        return new CaptureStateWatcher(
                (version, wait) -> {
                    askedVersions.add(version);
                    Object next = answers.poll();
                    if (next instanceof IOException e) {
                        throw e;
                    }
                    return (CaptureState) next;
                },
                store,
                applied::add,
                metrics,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), b -> 0),
                sleeps::add,
                30);
    }

    @Test
    void changesAreAppliedRememberedAndTheKnownVersionIsSentBack() throws Exception {
        CaptureStateStore store = new CaptureStateStore(dir.resolve("state.properties"));
        CaptureStateWatcher watcher = watcher(store);
        assertThat(watcher.current()).isEqualTo(CaptureStateStore.UNKNOWN);
        answers.add(new CaptureState(false, 3));
        answers.add(new CaptureState(false, 3));
        answers.add(new CaptureState(true, 4));
        for (int i = 0; i < 3; i++) {
            assertThat(watcher.pollOnce()).isTrue();
        }
        assertThat(askedVersions).containsExactly(-1L, 3L, 3L);
        assertThat(applied).containsExactly(false, true);
        assertThat(store.load()).isEqualTo(new CaptureState(true, 4));
        assertThat(metrics.captureEnabled.get()).isEqualTo(1);
    }

    @Test
    void anUnreachableHubKeepsTheLastKnownStateEvenAcrossRestarts() throws Exception {
        CaptureStateStore store = new CaptureStateStore(dir.resolve("state.properties"));
        CaptureStateWatcher first = watcher(store);
        answers.add(new CaptureState(false, 7));
        first.pollOnce();
        assertThat(applied).containsExactly(false);

        CaptureStateWatcher restarted = watcher(store);
        assertThat(restarted.current())
                .as("remembered, not the optimistic default")
                .isEqualTo(new CaptureState(false, 7));
        answers.add(new ConnectException("refused"));
        answers.add(new ConnectException("refused"));
        assertThat(restarted.pollOnce()).isFalse();
        assertThat(restarted.pollOnce()).isFalse();
        assertThat(restarted.current().enabled()).isFalse();
        assertThat(applied).containsExactly(false);
        assertThat(sleeps).containsExactly(500L, 1000L);
        assertThat(metrics.captureStateErrors.get()).isEqualTo(2);
    }

    @Test
    void anUnreadableStateFileMeansUnknown() throws Exception {
        Path file = dir.resolve("state.properties");
        java.nio.file.Files.writeString(file, "version=banana\n");
        assertThat(new CaptureStateStore(file).load()).isEqualTo(CaptureStateStore.UNKNOWN);
    }
}

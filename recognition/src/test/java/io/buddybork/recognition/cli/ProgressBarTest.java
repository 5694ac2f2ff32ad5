package io.buddybork.recognition.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndEndsFull() {
        try (ProgressBar bar = new ProgressBar(out, "featurize", 4, true, true)) {
            bar.update(2); // first draw is immediate
            bar.update(4); // the last step is always drawn
        }
        String s = written();
        assertThat(s).startsWith("\rfeaturize  [###############...............] 2/4 0:0");
        assertThat(s).contains("\rfeaturize  [##############################] 4/4 0:0");
        assertThat(s).endsWith(System.lineSeparator());
    }

    @Test
    void withoutATerminalOnlyTheFinalLineIsPrinted() {
        try (ProgressBar bar = new ProgressBar(out, "train", 10, true, false)) {
            for (int i = 1; i <= 10; i++) {
                bar.update(i);
            }
        }
        assertThat(written().split("\r", -1)).hasSize(2); // one draw
        assertThat(written()).contains("train      [##############################] 10/10");
    }

    @Test
    void aDisabledBarPrintsNothing() {
        try (ProgressBar bar = new ProgressBar(out, "train", 10, false, true)) {
            bar.update(5);
        }
        assertThat(written()).isEmpty();
    }

    @Test
    void updatesFromWorkerThreadsNeverMoveTheBarBackwards() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ProgressBar bar = new ProgressBar(out, "featurize", 200, true, false)) {
            for (int i = 200; i >= 1; i--) {
                int done = i;
                pool.execute(() -> bar.update(done));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(written()).contains("200/200");
    }
}

package io.buddybork.edge.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.edge.status.EdgeMetrics;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.WavCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final long BIG = 1L << 30;

    @TempDir
    Path dir;

    final EdgeMetrics metrics = new EdgeMetrics();

    static byte[] wav(int frames, int value) {
        short[] samples = new short[frames];
        Arrays.fill(samples, (short) value);
        return WavCodec.encode(samples, SegmentFormat.SAMPLE_RATE);
    }

    @Test
    void putIsDurableAndNamedByStartAndTakeHandsOutOldestFirst() throws Exception {
        Spool spool = Spool.open(dir, BIG, metrics);
        spool.put(T0 + 3000, wav(100, 1));
        spool.put(T0, wav(100, 2));
        assertThat(dir.resolve(T0 + ".wav")).exists();
        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        Spool.Entry first = spool.take(1, TimeUnit.SECONDS);
        Spool.Entry second = spool.take(1, TimeUnit.SECONDS);
        assertThat(first.startMs()).isEqualTo(T0);
        assertThat(second.startMs()).isEqualTo(T0 + 3000);
        assertThat(spool.take(10, TimeUnit.MILLISECONDS)).as("both in flight").isNull();
        spool.release(first);
        assertThat(spool.take(1, TimeUnit.SECONDS).startMs())
                .as("released goes back, still oldest")
                .isEqualTo(T0);
        assertThat(metrics.segmentsSpooled.get()).isEqualTo(2);
        assertThat(metrics.spoolDepth.get()).isEqualTo(2);
    }

    @Test
    void acknowledgeDeletesAndAReopenedSpoolFindsWhatIsLeft() throws Exception {
        Spool spool = Spool.open(dir, BIG, metrics);
        byte[] kept = wav(200, 3);
        spool.put(T0, wav(100, 1));
        spool.put(T0 + 3000, kept);
        spool.acknowledge(spool.take(1, TimeUnit.SECONDS));
        assertThat(dir.resolve(T0 + ".wav")).doesNotExist();
        Spool reopened = Spool.open(dir, BIG, new EdgeMetrics());
        assertThat(reopened.depth()).isEqualTo(1);
        Spool.Entry entry = reopened.take(1, TimeUnit.SECONDS);
        assertThat(reopened.read(entry)).isEqualTo(kept);
        assertThat(reopened.bytes()).isEqualTo(kept.length);
    }

    @Test
    void leftoverTempFilesAndTruncatedWavsAreQuarantinedNeverUploaded() throws Exception {
        byte[] good = wav(100, 1);
        Files.write(dir.resolve(T0 + ".wav"), good);
        Files.write(dir.resolve((T0 + 3000) + ".wav.tmp"), Arrays.copyOf(good, 60));
        Files.write(dir.resolve((T0 + 6000) + ".wav"), Arrays.copyOf(good, good.length - 10));
        Files.write(dir.resolve("notes.wav"), good);
        Files.write(dir.resolve("capture-state.properties"), "enabled=true\n".getBytes());
        Spool spool = Spool.open(dir, BIG, metrics);
        assertThat(spool.depth()).isEqualTo(1);
        assertThat(metrics.filesQuarantined.get()).isEqualTo(3);
        assertThat(dir.resolve("quarantine"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals((T0 + 6000) + ".wav"));
        assertThat(dir.resolve("quarantine").resolve((T0 + 3000) + ".wav.tmp")).exists();
        assertThat(dir.resolve("capture-state.properties"))
                .as("other files are left alone")
                .exists();
    }

    @Test
    void overBudgetTheOldestSegmentsAreEvictedAndCounted() throws Exception {
        byte[] segment = wav(SegmentFormat.SEGMENT_FRAMES, 1000);
        Spool spool = Spool.open(dir, Spool.MIN_BUDGET_BYTES, metrics);
        for (int i = 0; i < 6; i++) {
            spool.put(T0 + 3000L * i, segment);
        }
        assertThat(spool.depth()).isEqualTo(4);
        assertThat(metrics.segmentsEvicted.get()).isEqualTo(2);
        assertThat(dir.resolve(T0 + ".wav")).doesNotExist();
        assertThat(dir.resolve((T0 + 3000) + ".wav")).doesNotExist();
        assertThat(spool.take(1, TimeUnit.SECONDS).startMs()).isEqualTo(T0 + 6000);
        assertThat(spool.bytes()).isLessThanOrEqualTo(Spool.MIN_BUDGET_BYTES);
    }

    @Test
    void aSegmentBeingUploadedIsNotEvicted() throws Exception {
        byte[] segment = wav(SegmentFormat.SEGMENT_FRAMES, 1000);
        Spool spool = Spool.open(dir, Spool.MIN_BUDGET_BYTES, metrics);
        spool.put(T0, segment);
        Spool.Entry inFlight = spool.take(1, TimeUnit.SECONDS);
        for (int i = 1; i < 6; i++) {
            spool.put(T0 + 3000L * i, segment);
        }
        assertThat(inFlight.path()).exists();
        assertThat(dir.resolve((T0 + 3000) + ".wav")).doesNotExist();
    }

    @Test
    void rejectMovesTheFileWithTheReasonBeside() throws Exception {
        Spool spool = Spool.open(dir, BIG, metrics);
        byte[] bytes = wav(100, 1);
        spool.put(T0, bytes);
        spool.reject(spool.take(1, TimeUnit.SECONDS), "{\"code\":\"not-mono\"}\n");
        assertThat(dir.resolve("rejected").resolve(T0 + ".wav")).hasBinaryContent(bytes);
        assertThat(dir.resolve("rejected").resolve(T0 + ".reason.json")).hasContent("{\"code\":\"not-mono\"}");
        assertThat(spool.depth()).isZero();
        assertThat(Spool.open(dir, BIG, new EdgeMetrics()).depth())
                .as("rejected files are not re-queued")
                .isZero();
    }

    @Test
    void awaitEmptyReturnsOnceEverythingWasAcknowledged() throws Exception {
        Spool spool = Spool.open(dir, BIG, metrics);
        spool.put(T0, wav(100, 1));
        assertThat(spool.awaitEmpty(10, TimeUnit.MILLISECONDS)).isFalse();
        spool.acknowledge(spool.take(1, TimeUnit.SECONDS));
        assertThat(spool.awaitEmpty(10, TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void aSecondSegmentWithTheSameStartNeverOverwritesTheFirst() throws Exception {
        Spool spool = Spool.open(dir, 1L << 30, metrics);
        byte[] first = WavCodec.encode(new short[] {1, 2}, SegmentFormat.SAMPLE_RATE);
        byte[] second = WavCodec.encode(new short[] {3, 4}, SegmentFormat.SAMPLE_RATE);
        spool.put(1_800_000_000_000L, first);
        spool.put(1_800_000_000_000L, second);
        assertThat(java.nio.file.Files.readAllBytes(dir.resolve("1800000000000.wav")))
                .isEqualTo(first);
        assertThat(java.nio.file.Files.readAllBytes(dir.resolve("1800000000001.wav")))
                .isEqualTo(second);
        assertThat(spool.depth()).isEqualTo(2);
        assertThat(spool.bytes()).isEqualTo(first.length + second.length);
        assertThat(metrics.segmentsSpooled.get()).isEqualTo(2);
    }

    @Test
    void aBudgetBelowFourSegmentsIsRefused() {
        assertThatThrownBy(() -> Spool.open(dir, 1000, metrics)).hasMessageContaining("at least");
    }
}

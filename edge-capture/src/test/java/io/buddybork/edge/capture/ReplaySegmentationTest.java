package io.buddybork.edge.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.edge.status.EdgeMetrics;
import io.buddybork.edge.time.Sleeper;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.WavCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplaySegmentationTest {
    private static final int SEG = SegmentFormat.SEGMENT_FRAMES;
    /** 2 full segments and an odd tail: 2 * 132300 + 12345 frames. */
    private static final int FRAMES = 2 * SEG + 12_345;

    private static final long NOW = 1_800_000_000_000L;

    @TempDir
    static Path dir;

    static Path file;
    static byte[] pcm;

    @BeforeAll
    static void writeFile() throws Exception {
        short[] samples = new short[FRAMES];
        Random random = new Random(7);
        for (int i = 0; i < FRAMES; i++) {
            samples[i] = (short) random.nextInt(65_536);
        }
        file = dir.resolve("input.wav");
        Files.write(file, WavCodec.encode(samples, SegmentFormat.SAMPLE_RATE));
        ByteBuffer bytes = ByteBuffer.allocate(FRAMES * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(samples);
        pcm = bytes.array();
    }

    private static List<CapturedSegment> replay(
            Path wav, int readBytes, double speed, Sleeper sleeper, AtomicLong nanos) throws Exception {
        return replay(new WavFileSource(wav, speed, false, sleeper, nanos::get), readBytes);
    }

    private static List<CapturedSegment> replay(WavFileSource source, int readBytes) throws Exception {
        List<CapturedSegment> segments = new ArrayList<>();
        EdgeMetrics metrics = new EdgeMetrics();
        RingBuffer ring = new RingBuffer(1 << 20);
        Segmenter segmenter = new Segmenter(ring, s -> segments.add(s.copy()), metrics);
        CaptureEngine engine = new CaptureEngine(
                source,
                ring,
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
                metrics,
                new CaptureEngine.Settings(readBytes, 50, Duration.ofMillis(1)),
                true);
        segmenter.start();
        engine.start();
        assertThat(segmenter.awaitDone(30, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.sourceExhausted()).isTrue();
        assertThat(metrics.framesCaptured.get()).isEqualTo(FRAMES);
        source.close();
        return segments;
    }

    @ParameterizedTest(name = "read size {0} bytes")
    @ValueSource(ints = {2, 6, 882, 4096, 4098, 44_100, SEG * 2, SEG * 2 + 2, 1 << 20})
    void concatenatedSegmentsReproduceTheInputBitForBit(int readBytes) throws Exception {
        List<CapturedSegment> segments = replay(file, readBytes, 0, Sleeper.SYSTEM, new AtomicLong());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (CapturedSegment s : segments) {
            joined.write(s.pcm());
        }
        assertThat(joined.toByteArray()).isEqualTo(pcm);
        assertThat(segments).extracting(CapturedSegment::frames).containsExactly(SEG, SEG, 12_345);
        // unpaced replays end their timeline at "now": the whole file lies in the past
        long anchor = NOW - FRAMES * 1000L / SegmentFormat.SAMPLE_RATE;
        assertThat(segments)
                .extracting(CapturedSegment::startMs)
                .containsExactly(anchor, anchor + 3_000, anchor + 6_000);
    }

    @Test
    void segmentsDecodeAsTheWireFormat() throws Exception {
        List<CapturedSegment> segments = replay(file, 4096, 0, Sleeper.SYSTEM, new AtomicLong());
        var audio = WavCodec.decodeSegment(segments.get(0).toWav());
        assertThat(audio.frames()).isEqualTo(SEG);
        assertThat(audio.maxAbs()).isEqualTo(segments.get(0).maxAbs());
    }

    @Test
    void replayIsPacedAtTheRequestedSpeed() throws Exception {
        AtomicLong nanos = new AtomicLong();
        AtomicLong slept = new AtomicLong();
        Sleeper fakeSleep = millis -> {
            slept.addAndGet(millis);
            nanos.addAndGet(millis * 1_000_000);
        };
        replay(file, 4096, 10, fakeSleep, nanos);
        long audioMs = FRAMES * 1000L / SegmentFormat.SAMPLE_RATE;
        // 10x: a tenth of the audio's duration, give or take a millisecond per read
        assertThat(slept.get()).isBetween(audioMs / 10 - 5, audioMs / 10 + 320);
    }

    @ParameterizedTest(name = "speed {0}")
    @ValueSource(doubles = {0, 1, 10})
    void aReplayStartStampsTheFirstSegmentWithItWhateverTheSpeed(double speed) throws Exception {
        long start = NOW - 86_400_000L + 1234; // yesterday, off any 3 s grid
        AtomicLong nanos = new AtomicLong();
        Sleeper fakeSleep = millis -> nanos.addAndGet(millis * 1_000_000);
        WavFileSource source =
                new WavFileSource(file, speed, false, java.util.OptionalLong.of(start), fakeSleep, nanos::get);
        List<CapturedSegment> segments = replay(source, 4096);
        assertThat(segments).extracting(CapturedSegment::startMs).containsExactly(start, start + 3_000, start + 6_000);
        assertThat(segments).extracting(CapturedSegment::frames).containsExactly(SEG, SEG, 12_345);
        assertThat(source.describe()).contains("stamped from " + Instant.ofEpochMilli(start));
    }

    @Test
    void aReplayThatWouldEndAfterNowIsRefusedAndALoopingOneCannotHaveAStart() {
        long tooLate = System.currentTimeMillis() - 1_000; // the file lasts 6.3 s
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> WavFileSource.of(file, 0, false, java.util.OptionalLong.of(tooLate)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("after now");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WavFileSource(
                        file, 1, true, java.util.OptionalLong.of(NOW - 60_000), Sleeper.SYSTEM, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

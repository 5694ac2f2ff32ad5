package io.buddybork.edge.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.buddybork.edge.status.EdgeMetrics;
import io.buddybork.model.SegmentFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CaptureEngineTest {
    private static final int RATE = SegmentFormat.SAMPLE_RATE;
    private static final int SEG = SegmentFormat.SEGMENT_FRAMES;
    private final EdgeMetrics metrics = new EdgeMetrics();
    private final List<CapturedSegment> segments = new CopyOnWriteArrayList<>();

    private CaptureEngine run(ScriptedLine line) throws Exception {
        // room for the longest script: a scripted line delivers faster than the segmenter cuts
        RingBuffer ring = new RingBuffer(30 * RATE * 2);
        Segmenter segmenter = new Segmenter(ring, s -> segments.add(s.copy()), metrics);
        CaptureEngine engine = new CaptureEngine(
                line,
                ring,
                line.wallClock(),
                metrics,
                new CaptureEngine.Settings(1 << 16, 50, Duration.ofMillis(1)),
                true);
        segmenter.start();
        engine.start();
        assertThat(segmenter.awaitDone(10, TimeUnit.SECONDS)).isTrue();
        return engine;
    }

    private static int firstSample(CapturedSegment s) {
        return (short) ((s.pcm()[0] & 0xff) | (s.pcm()[1] << 8));
    }

    @Test
    void shortReadsKeepTheTimelineGaplessAndAnchoredAtTheFirstFrame() throws Exception {
        ScriptedLine line = new ScriptedLine(RATE * 3);
        // 441-frame reads (10 ms) with the clock advancing in step: 3 full segments and a bit
        line.add(ScriptedLine.Step.read(441, 10), 3 * 300 + 7);
        run(line);
        assertThat(metrics.overruns.get()).isZero();
        assertThat(segments).hasSize(4);
        long anchor = ScriptedLine.EPOCH_MS + 1_000; // fake clock starts at 1 s; first read ends 10 ms later
        for (int i = 0; i < 3; i++) {
            assertThat(segments.get(i).startMs()).isEqualTo(anchor + 3_000L * i);
            assertThat(segments.get(i).frames()).isEqualTo(SEG);
        }
        assertThat(segments.get(3).frames()).isEqualTo(7 * 441);
        assertThat(segments.get(3).startMs()).isEqualTo(anchor + 9_000);
    }

    @Test
    void aStallWithTheSamplesStillInTheDeviceBufferIsNotAnOverrun() throws Exception {
        ScriptedLine line = new ScriptedLine(RATE * 3);
        line.add(ScriptedLine.Step.read(4410, 100), 5);
        // the reader was late by 600 ms: the device kept 500 ms worth in its buffer
        line.add(new ScriptedLine.Step(4410, 600_000_000L, 0, 5 * 4410 * 2), 1);
        for (int backlog = 4; backlog >= 0; backlog--) {
            line.add(new ScriptedLine.Step(4410, 0, 0, backlog * 4410 * 2), 1);
        }
        line.add(ScriptedLine.Step.read(4410, 100), 30 - 11);
        run(line);
        assertThat(metrics.overruns.get()).isZero();
        assertThat(metrics.clockResyncs.get()).isZero();
        assertThat(segments).hasSize(1);
        assertThat(segments.get(0).frames()).isEqualTo(30 * 4410);
    }

    @Test
    void droppedSamplesAreDetectedCountedCutAndReanchoredAtTheirTrueTime() throws Exception {
        ScriptedLine line = new ScriptedLine(RATE * 3);
        line.add(ScriptedLine.Step.read(4410, 100), 35);
        // the driver dropped 200 ms (8820 frames) while the reader was away: less than a sound
        // server's swing, so it counts once 32 reads in a row show it
        line.add(new ScriptedLine.Step(4410, 300_000_000L, 8820, 0), 1);
        line.add(ScriptedLine.Step.read(4410, 100), 40);
        run(line);
        assertThat(metrics.overruns.get()).isEqualTo(1);
        assertThat(metrics.framesLost.get()).isBetween(8820L - 50, 8820L + 50);
        assertThat(segments)
                .extracting(CapturedSegment::frames)
                .containsExactly(SEG, SEG, 66 * 4410 - 2 * SEG, 10 * 4410);
        CapturedSegment after = segments.get(3);
        long anchor = ScriptedLine.EPOCH_MS + 1_000;
        // cut at the 32nd read showing the loss; its audio was captured 6.8 s after the stream began
        assertThat(after.startMs()).isEqualTo(anchor + 6_800);
        assertThat(firstSample(after)).isEqualTo((short) (66 * 4410 + 8820));
    }

    @Test
    void aFullDeviceBufferWhoseBacklogStillArrivesIsNotAnOverrun() throws Exception {
        // PulseAudio: a stalled reader finds its 100 ms line buffer full (2 bytes short, as the ALSA
        // plugin reports it) while the server kept the rest of the 2 s and now hands it over at once
        ScriptedLine line = new ScriptedLine(4410 * 2);
        line.add(ScriptedLine.Step.read(4410, 100), 33);
        line.add(new ScriptedLine.Step(4410, 2_000_000_000L, 0, 4410 * 2 - 2), 1);
        line.add(new ScriptedLine.Step(4410, 0, 0, 4410 * 2 - 2), 18);
        line.add(new ScriptedLine.Step(4410, 0, 0, 0), 1);
        line.add(ScriptedLine.Step.read(4410, 100), 2);
        run(line);
        assertThat(metrics.overruns.get()).isZero();
        assertThat(metrics.framesLost.get()).isZero();
        assertThat(metrics.clockResyncs.get()).isZero();
        assertThat(segments).extracting(CapturedSegment::frames).containsExactly(SEG, 55 * 4410 - SEG);
        assertThat(segments.get(0).startMs()).isEqualTo(ScriptedLine.EPOCH_MS + 1_000);
    }

    @Test
    void aFullDeviceBufferHidingLostAudioIsAnOverrunOnceTheBacklogIsRead() throws Exception {
        // the same stall, but only 900 ms of the 2 s were kept: 1 s is missing once the backlog is read
        ScriptedLine line = new ScriptedLine(4410 * 2);
        line.add(ScriptedLine.Step.read(4410, 100), 33);
        line.add(new ScriptedLine.Step(4410, 2_000_000_000L, 0, 4410 * 2), 1);
        line.add(new ScriptedLine.Step(4410, 0, 0, 4410 * 2), 8);
        line.add(new ScriptedLine.Step(4410, 0, RATE, 0), 1);
        line.add(ScriptedLine.Step.read(4410, 100), 15);
        run(line);
        assertThat(metrics.overruns.get()).isEqualTo(1);
        assertThat(metrics.framesLost.get()).isBetween((long) RATE - 50, (long) RATE + 50);
        // judged once the drift stopped falling for 1 s: cut there, re-anchored by the clock
        assertThat(segments).extracting(CapturedSegment::frames).containsExactly(SEG, 52 * 4410 - SEG, 6 * 4410);
        CapturedSegment after = segments.get(2);
        assertThat(after.startMs()).isEqualTo(ScriptedLine.EPOCH_MS + 1_000 + 6_200);
        assertThat(firstSample(after)).isEqualTo((short) (52 * 4410 + RATE));
    }

    @Test
    void aLostDeviceIsReopenedAndTheGapIsCountedNotFilled() throws Exception {
        ScriptedLine line = new ScriptedLine(RATE * 3);
        line.add(ScriptedLine.Step.read(4410, 100), 10);
        // unplugged 5 s after the last read; the first two attempts to reopen find no device
        line.add(ScriptedLine.Step.lost(5_000), 1);
        line.opensFailingAfterLoss = 2;
        line.add(ScriptedLine.Step.read(4410, 100), 5);
        CaptureEngine engine = run(line);
        assertThat(metrics.deviceLosses.get()).isEqualTo(1);
        assertThat(metrics.captureErrors.get()).isEqualTo(3);
        assertThat(metrics.captureGaps.get()).isEqualTo(1);
        assertThat(metrics.captureGapMillis.get()).isEqualTo(5_000);
        assertThat(metrics.captureDeviceUp.get()).isEqualTo(1);
        assertThat(metrics.overruns.get()).isZero();
        assertThat(engine.deviceProblem()).isNull();
        long anchor = ScriptedLine.EPOCH_MS + 1_000;
        assertThat(segments).extracting(CapturedSegment::frames).containsExactly(10 * 4410, 5 * 4410);
        assertThat(segments).extracting(CapturedSegment::startMs).containsExactly(anchor, anchor + 6_000);
        assertThat(firstSample(segments.get(1))).isEqualTo((short) (10 * 4410));
    }

    @Test
    void aDeviceClockRunningFastLosesItsSurplusAndTheSegmentsKeepTilingOnTheClock() throws Exception {
        ScriptedLine line = new ScriptedLine(RATE * 3);
        // 100 ms of audio every 90 ms: 10 ms surplus per read. The anchor is taken on the earliest of
        // the first 32 reads; a whole window of reads (128) later every read is over 50 ms ahead
        line.add(ScriptedLine.Step.read(4410, 90), 200);
        run(line);
        assertThat(metrics.overruns.get()).isZero();
        assertThat(metrics.clockResyncs.get()).isEqualTo(1);
        long skipped = metrics.framesSkipped.get();
        assertThat(skipped).isBetween(50L * RATE / 1000, 100L * RATE / 1000);
        assertThat(segments).extracting(CapturedSegment::frames).containsExactly(SEG, SEG, SEG, SEG, SEG, SEG, (int)
                (200 * 4410 - 6 * SEG - skipped));
        // no overlap, no cut: each segment follows the one before exactly
        for (int i = 1; i < segments.size(); i++) {
            assertThat(segments.get(i).startMs()).isEqualTo(segments.get(i - 1).startMs() + 3_000);
        }
    }

    @Test
    void aSwingingDeliveryLikePulseAudiosFragmentsIsNeitherAnOverrunNorAFastClock() throws Exception {
        ScriptedLine line = new ScriptedLine(RATE * 3);
        // a sound server hands over 375 ms fragments: between them the reader sees nothing arrive
        // and the drift swings up to 375 ms each way, with no audio lost
        line.add(ScriptedLine.Step.read(4410, 100), 1);
        for (int i = 0; i < 20; i++) {
            // audio late: 500 ms pass, 100 ms arrive, then the other 400 ms at once
            line.add(ScriptedLine.Step.read(4410, 500), 1);
            line.add(ScriptedLine.Step.read(4410, 0), 4);
        }
        for (int i = 0; i < 20; i++) {
            line.add(ScriptedLine.Step.read(4410, 500), 1);
            line.add(ScriptedLine.Step.read(4410, 0), 4);
        }
        run(line);
        assertThat(metrics.overruns.get()).isZero();
        assertThat(metrics.clockResyncs.get()).isZero();
        assertThat(metrics.framesSkipped.get()).isZero();
        // anchored inside the swing (the median of the first reads), then tiling exactly
        long anchor = segments.get(0).startMs();
        assertThat(anchor).isBetween(ScriptedLine.EPOCH_MS + 1_000, ScriptedLine.EPOCH_MS + 1_400);
        assertThat(segments).hasSize(7);
        for (int i = 1; i < segments.size(); i++) {
            assertThat(segments.get(i).startMs()).isEqualTo(anchor + 3_000L * i);
        }
    }

    @Test
    void aSteppedSystemClockIsFollowedWithoutLosingAudio() throws Exception {
        ScriptedLine line = new ScriptedLine(RATE * 3);
        line.add(ScriptedLine.Step.read(4410, 100), 40);
        // NTP sets the clock one hour ahead between two reads; no sample is lost
        line.add(new ScriptedLine.Step(4410, 100_000_000L, 0, 0, 3_600_000L), 1);
        line.add(ScriptedLine.Step.read(4410, 100), 49);
        run(line);
        assertThat(metrics.overruns.get()).isZero();
        assertThat(metrics.clockResyncs.get()).isEqualTo(1);
        assertThat(segments).extracting(CapturedSegment::frames).containsExactly(SEG, SEG, SEG);
        long anchor = ScriptedLine.EPOCH_MS + 1_000;
        // the third segment starts 3 s after the second by the stepped clock
        assertThat(segments)
                .extracting(CapturedSegment::startMs)
                .containsExactly(anchor, anchor + 3_000, anchor + 3_600_000L + 6_000);
    }

    @Test
    void switchingCaptureOffReleasesTheLineAndOnReanchorsAndFinishCompletesTheSegment() throws Exception {
        ScriptedLine line = new ScriptedLine(RATE * 3);
        line.forever = ScriptedLine.Step.read(441, 10);
        RingBuffer ring = new RingBuffer(10 * RATE * 2);
        Segmenter segmenter = new Segmenter(ring, s -> segments.add(s.copy()), metrics);
        CaptureEngine engine = new CaptureEngine(
                line, ring, line.wallClock(), metrics, new CaptureEngine.Settings(882, 50, Duration.ofMillis(1)), true);
        segmenter.start();
        engine.start();
        await().until(() -> metrics.framesCaptured.get() > RATE);
        engine.setEnabled(false);
        await().until(() -> line.closes.get() == 1);
        await().until(() -> segments.size() == 1);
        assertThat(segments.get(0).frames()).isLessThan(SEG);
        long framesBefore = metrics.framesCaptured.get();
        engine.setEnabled(true);
        await().until(() -> line.opens.get() == 2 && metrics.framesCaptured.get() > framesBefore + RATE);
        engine.finish();
        assertThat(engine.awaitStopped(Duration.ofSeconds(10))).isTrue();
        assertThat(segmenter.awaitDone(10, TimeUnit.SECONDS)).isTrue();
        assertThat(line.closes.get()).isEqualTo(2);
        CapturedSegment last = segments.get(segments.size() - 1);
        assertThat(last.frames()).as("stop finishes the segment in progress").isEqualTo(SEG);
        engine.finish();
        engine.abort();
        assertThat(engine.awaitStopped(Duration.ofSeconds(1)))
                .as("stopping twice is harmless")
                .isTrue();
    }

    @Test
    void finishWhileCaptureIsOffEndsTheStreamAtOnce() throws Exception {
        ScriptedLine line = new ScriptedLine(RATE * 3);
        line.forever = ScriptedLine.Step.read(441, 10);
        RingBuffer ring = new RingBuffer(RATE * 2);
        Segmenter segmenter = new Segmenter(ring, s -> segments.add(s.copy()), metrics);
        CaptureEngine engine =
                new CaptureEngine(line, ring, line.wallClock(), metrics, CaptureEngine.Settings.defaults(), false);
        segmenter.start();
        engine.start();
        engine.finish();
        assertThat(engine.awaitStopped(Duration.ofSeconds(5))).isTrue();
        assertThat(segmenter.awaitDone(5, TimeUnit.SECONDS)).isTrue();
        assertThat(line.opens.get()).isZero();
        assertThat(segments).isEmpty();
    }
}

package io.buddybork.edge.capture;

import io.buddybork.edge.status.EdgeMetrics;
import io.buddybork.model.SegmentFormat;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns the capture reader thread: opens the source while capture is enabled, reads it into the
 * {@link RingBuffer} and nothing else, and keeps the timeline true. The timeline is anchored once
 * to the wall clock when a line opens; after that a frame's time is derived from the number of
 * frames read. For real-time lines the frames captured (read + still in the device buffer) are
 * compared with the line's monotonic clock: when the device buffer is found full or more than the
 * tolerance worth of frames is missing, samples were lost (an overrun): it is logged, counted and
 * the timeline is cut and re-anchored; when the device runs ahead of the clock the timeline is
 * re-anchored without a cut, and so is a stepped system clock (more than 1 s off the timeline, as when
 * NTP first syncs a Pi without a real-time clock). Thread-safe: control methods may be called from
 * any thread.
 */
public final class CaptureEngine {
    private static final Logger LOG = Logger.getLogger("capture");
    private static final int RATE = SegmentFormat.SAMPLE_RATE;
    private static final int SEGMENT_BYTES = SegmentFormat.SEGMENT_FRAMES * SegmentFormat.BYTES_PER_FRAME;
    /**
     * Audio missing on one read beyond this is a loss at once, whatever the recent swing (a stall's
     * seconds); smaller losses must show on every recent read.
     */
    private static final long SUDDEN_LOSS_FRAMES = RATE / 2;
    /** After a stall, the drift that stopped falling for this long is what was lost. */
    private static final long STALL_SETTLE_NANOS = 1_000_000_000L;
    /** A wall clock differing this much from the anchored timeline was stepped, not drifting. */
    private static final long WALL_STEP_MS = 1_000;

    /**
     * Tuning of the reader.
     *
     * @param readBytes bytes asked per read (whole frames)
     * @param driftToleranceMs missing or surplus audio, in ms, tolerated before re-anchoring
     * @param retryDelay wait before reopening a source that failed
     */
    public record Settings(int readBytes, long driftToleranceMs, Duration retryDelay) {
        public Settings {
            if (readBytes < 2 || readBytes % 2 != 0) {
                throw new IllegalArgumentException("read size must be a positive even number of bytes");
            }
        }

        /** 2048 frames per read (46 ms), 50 ms tolerance, 5 s between attempts to reopen the device. */
        public static Settings defaults() {
            return new Settings(4096, 50, Duration.ofSeconds(5));
        }
    }

    private enum Exit {
        DISABLED,
        FINISHED,
        END_OF_SOURCE
    }

    private final AudioSource source;
    private final RingBuffer ring;
    private final Clock wall;
    private final EdgeMetrics metrics;
    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private volatile boolean enabled;
    private volatile boolean finishRequested;
    private volatile boolean aborted;
    private volatile boolean sourceExhausted;
    private volatile AudioLine currentLine;
    /** Why the capture device is not delivering audio (lost or cannot be opened), null while it is. */
    private volatile String deviceProblem;
    /** UTC ms since when {@link #deviceProblem} holds. */
    private volatile long deviceProblemSinceMs;
    /** UTC ms just after the last frame captured before the device was lost; -1 when none is pending. */
    private long lostAfterMs = -1;
    /** End (UTC ms) of the last frame the current or last line delivered; reader thread only. */
    private long lastFrameEndMs = -1;

    public CaptureEngine(
            AudioSource source,
            RingBuffer ring,
            Clock wall,
            EdgeMetrics metrics,
            Settings settings,
            boolean initiallyEnabled) {
        this.source = source;
        this.ring = ring;
        this.wall = wall;
        this.metrics = metrics;
        this.settings = settings;
        this.enabled = initiallyEnabled;
        this.thread = new Thread(this::run, "capture-reader");
        thread.setPriority(Thread.MAX_PRIORITY);
    }

    /** Starts the reader thread. */
    public void start() {
        thread.start();
    }

    /** Switches capture on or off; off closes the line (the microphone is released). */
    public void setEnabled(boolean on) {
        lock.lock();
        try {
            if (enabled != on) {
                enabled = on;
                LOG.info(on ? "capture switched on" : "capture switched off: releasing " + source.describe());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether capture is currently switched on. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Asks the reader to finish the segment in progress, end the stream and stop. Idempotent;
     * returns at once, see {@link #awaitStopped(Duration)}.
     */
    public void finish() {
        lock.lock();
        try {
            finishRequested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops reading at once (the line is closed under a blocked read); the stream still ends cleanly. */
    public void abort() {
        aborted = true;
        finish();
        AudioLine line = currentLine;
        if (line != null) {
            line.close();
        }
    }

    /** Waits for the reader thread to end; true when it did. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    /**
     * Why the capture device is not delivering audio, with since when (for the status endpoint), or
     * null while it is.
     */
    public String deviceProblem() {
        String problem = deviceProblem;
        return problem == null ? null : problem + " (since " + Instant.ofEpochMilli(deviceProblemSinceMs) + ")";
    }

    /** True once a finite source (a file replay) has been read to its end. */
    public boolean sourceExhausted() {
        return sourceExhausted;
    }

    private void run() {
        long failingSinceNanos = 0;
        long lastWarnNanos = 0;
        try {
            while (true) {
                if (!awaitEnabled()) {
                    break;
                }
                Exit exit;
                lastFrameEndMs = -1;
                try (AudioLine line = source.open()) {
                    currentLine = line;
                    if (failingSinceNanos == 0) {
                        LOG.info("capturing from " + source.describe() + describeLine(line));
                    } else {
                        LOG.info("capture device open again: " + source.describe() + describeLine(line));
                    }
                    failingSinceNanos = 0;
                    exit = readLoop(line);
                } catch (IOException | RuntimeException e) {
                    currentLine = null;
                    if (aborted || finishRequested) {
                        break;
                    }
                    metrics.captureErrors.incrementAndGet();
                    long now = System.nanoTime();
                    if (lastFrameEndMs >= 0) {
                        // the line delivered audio, then failed: the device was lost mid-stream
                        lostAfterMs = lastFrameEndMs;
                        metrics.deviceLosses.incrementAndGet();
                        LOG.log(
                                Level.WARNING,
                                "capture device lost: " + e.getMessage() + "; everything captured up to "
                                        + Instant.ofEpochMilli(lastFrameEndMs) + " (" + lastFrameEndMs
                                        + " ms) is kept; reopening "
                                        + source.describe() + " every "
                                        + settings.retryDelay().toSeconds() + " s",
                                e instanceof RuntimeException ? e : null);
                        failingSinceNanos = now;
                        lastWarnNanos = now;
                    } else if (failingSinceNanos == 0) {
                        LOG.log(
                                Level.WARNING,
                                "audio source " + source.describe() + " failed: " + e.getMessage() + "; retrying every "
                                        + settings.retryDelay().toSeconds() + " s",
                                e instanceof RuntimeException ? e : null);
                        failingSinceNanos = now;
                        lastWarnNanos = now;
                    } else if (now - lastWarnNanos >= TimeUnit.MINUTES.toNanos(1)) {
                        // one line a minute while the device stays away, not one per attempt
                        LOG.warning("still no audio from " + source.describe() + " after "
                                + TimeUnit.NANOSECONDS.toSeconds(now - failingSinceNanos) + " s: " + e.getMessage());
                        lastWarnNanos = now;
                    } else {
                        LOG.fine("audio source " + source.describe() + " still failing: " + e.getMessage());
                    }
                    if (deviceProblem == null) {
                        deviceProblemSinceMs = wall.millis();
                    }
                    deviceProblem = (lostAfterMs >= 0 ? "capture device lost: " : "capture device unavailable: ")
                            + e.getMessage();
                    metrics.captureDeviceUp.set(0);
                    ring.mark(true, -1);
                    waitBeforeRetry();
                    continue;
                } finally {
                    currentLine = null;
                }
                if (exit == Exit.DISABLED) {
                    ring.mark(true, -1);
                    // Logged by the reader itself: the line is closed and no read is in flight.
                    LOG.info("capture paused: " + source.describe() + " released");
                    continue;
                }
                if (exit == Exit.END_OF_SOURCE) {
                    sourceExhausted = true;
                    LOG.info("source " + source.describe() + " ended");
                }
                break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ring.end();
        }
    }

    private static String describeLine(AudioLine line) {
        String detail = line.describeLine();
        return detail == null || detail.isEmpty() ? "" : ": " + detail;
    }

    /** Blocks while capture is off; false when the engine should stop instead. */
    private boolean awaitEnabled() throws InterruptedException {
        lock.lock();
        try {
            while (!enabled && !finishRequested) {
                changed.await(1, TimeUnit.SECONDS);
            }
            return !finishRequested;
        } finally {
            lock.unlock();
        }
    }

    private void waitBeforeRetry() throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + settings.retryDelay().toNanos();
            long left;
            while (!finishRequested && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Where the reader's timeline stands: the anchor and the frames read since. Reader thread only. */
    private static final class Timeline {
        long anchorMs;
        long anchorNanos;
        long framesSinceAnchor;

        void anchor(long ms, long nanos) {
            anchorMs = ms;
            anchorNanos = nanos;
            framesSinceAnchor = 0;
        }

        /** Frames the device should have produced by {@code nowNanos}, by its monotonic clock. */
        long elapsedFrames(long nowNanos) {
            return (nowNanos - anchorNanos) * RATE / 1_000_000_000L;
        }

        /** How far the wall clock is from the time the anchor and the monotonic clock predict. */
        long wallStepMs(long nowMs, long nowNanos) {
            return nowMs - (anchorMs + (nowNanos - anchorNanos) / 1_000_000);
        }

        /** UTC time of the next frame to be written. */
        long nextFrameMs() {
            return anchorMs + framesSinceAnchor * 1000 / RATE;
        }
    }

    private Exit readLoop(AudioLine line) throws IOException {
        byte[] buf = new byte[settings.readBytes()];
        boolean realTime = line.realTime();
        long toleranceFrames = settings.driftToleranceMs() * RATE / 1000;
        Timeline timeline = new Timeline();
        DriftWindow window = new DriftWindow();
        boolean anchored = false;
        long segmentBytes = 0;
        boolean ringLoss = false;
        // frames read while the device buffer was (nearly) full: the line held more audio than it
        // says, so the timeline cannot be judged until that backlog is read (see below)
        long catchUpFrames = 0;
        // surplus frames of a fast device clock still to drop
        long surplusFrames = 0;
        // after a jump in the drift (a stall): the lowest drift since, when it last fell, the swing before
        long stallMin = 0;
        long stallFellNanos = 0;
        long stallSwing = 0;
        boolean stalled = false;
        // a live line's first reads, held until the anchor is known (see below)
        FirstReads first = realTime ? new FirstReads() : null;
        try {
            while (true) {
                if (!enabled && !finishRequested) {
                    return Exit.DISABLED;
                }
                int want = buf.length;
                if (!anchored && first != null && !first.isEmpty() && finishRequested) {
                    segmentBytes = anchorLive(first, line, timeline);
                    window.clear();
                    anchored = true;
                }
                if (finishRequested) {
                    long remaining = anchored ? (SEGMENT_BYTES - segmentBytes) % SEGMENT_BYTES : 0;
                    if (remaining == 0 || aborted) {
                        return Exit.FINISHED;
                    }
                    want = (int) Math.min(want, remaining);
                }
                int n;
                try {
                    n = line.read(buf, 0, want);
                } catch (IOException e) {
                    if (aborted) {
                        return Exit.FINISHED;
                    }
                    if (!anchored && first != null && !first.isEmpty()) {
                        // what the line delivered before it failed is good audio: keep it
                        anchorLive(first, line, timeline);
                        anchored = true;
                    }
                    throw e;
                }
                if (n < 0) {
                    if (!anchored && first != null && !first.isEmpty()) {
                        anchorLive(first, line, timeline);
                    }
                    return Exit.END_OF_SOURCE;
                }
                if (n == 0) {
                    continue;
                }
                long frames = n / 2;
                metrics.framesCaptured.addAndGet(frames);
                long backlogFrames = realTime ? Math.max(0, line.available()) / 2 : 0;
                long nowNanos = line.nanoTime();
                long nowMs = wall.millis();
                // a live chunk was captured just before now (and the backlog after it); a replay has no capture time
                long behind = realTime ? frames + backlogFrames : 0;
                long chunkStartMs = nowMs - behind * 1000 / RATE;
                long chunkStartNanos = nowNanos - behind * 1_000_000_000L / RATE;
                if (!anchored && first != null) {
                    // One read tells when its audio was captured only within the delivery's swing
                    // (audio in transit makes the estimate late, a server rendering ahead early):
                    // the median estimate of the first reads anchors the line.
                    first.add(
                            buf,
                            n,
                            nowMs - behind * 1000 / RATE - first.frames * 1000 / RATE,
                            nowNanos - (behind + first.frames) * 1_000_000_000L / RATE);
                    if (first.count() >= DriftWindow.MIN) {
                        segmentBytes = anchorLive(first, line, timeline);
                        window.clear();
                        first.seed(window);
                        anchored = true;
                    }
                    continue;
                } else if (!anchored) {
                    anchored = true;
                    timeline.anchor(line.anchorMillis(chunkStartMs), chunkStartNanos);
                    segmentBytes = 0;
                    ring.mark(true, timeline.anchorMs);
                    LOG.info("timeline anchored at " + Instant.ofEpochMilli(timeline.anchorMs) + " ("
                            + timeline.anchorMs + " ms)");
                    recordGapAfterLoss(timeline.anchorMs);
                } else if (realTime && nearlyFull(backlogFrames * 2, line.bufferBytes())) {
                    // The reader was held up (no CPU, a stopped JVM) and the device buffer filled. Whether
                    // audio was lost is unknown yet: a sound server (PulseAudio) keeps seconds more than
                    // the line's buffer and hands them over now, faster than real time, while an ALSA
                    // hardware overrun drops them. Read on as continuous audio and judge once the backlog
                    // is down to what the line can hold.
                    if (catchUpFrames == 0) {
                        LOG.fine("device buffer full: reading the backlog before judging the timeline");
                    }
                    catchUpFrames += frames;
                } else if (realTime) {
                    long drift =
                            timeline.elapsedFrames(nowNanos) - (timeline.framesSinceAnchor + frames + backlogFrames);
                    long wallStep = timeline.wallStepMs(nowMs, nowNanos);
                    boolean caughtUp = catchUpFrames > 0;
                    catchUpFrames = 0;
                    // A sound server hands audio over in bursts of a fragment (PulseAudio: a quarter of
                    // the buffer), so the drift of one read swings by that much without any loss. Judge
                    // against what the last reads showed: a jump beyond the recent swing is a loss at
                    // once, a drift beyond the tolerance on every recent read is a loss or a fast clock.
                    long swing = window.maxAbs();
                    boolean settled = window.settled();
                    boolean jump = drift > Math.max(toleranceFrames + swing, SUDDEN_LOSS_FRAMES);
                    if (settled && jump && !stalled) {
                        // A stall: what is missing now may still come. A sound server hands over what
                        // it kept only as the reader asks, faster than real time, without showing it
                        // as backlog first. Read on as continuous audio while the drift keeps falling.
                        stalled = true;
                        stallMin = drift;
                        stallFellNanos = nowNanos;
                        stallSwing = swing;
                        caughtUp = true;
                    }
                    boolean judgeStall = false;
                    if (stalled) {
                        if (drift < stallMin - toleranceFrames) {
                            stallFellNanos = nowNanos;
                        }
                        stallMin = Math.min(stallMin, drift);
                        if (nowNanos - stallFellNanos < STALL_SETTLE_NANOS) {
                            drift = 0; // judged once the backlog is read
                        } else {
                            stalled = false;
                            judgeStall = true;
                            drift = stallMin;
                        }
                    }
                    if (!stalled && !judgeStall) {
                        window.add(drift);
                    }
                    if (judgeStall && drift <= toleranceFrames + stallSwing) {
                        LOG.info("stall recovered: the audio held up was delivered late, none lost");
                        window.clear();
                    } else if (settled && !stalled && (judgeStall || window.recentMin() > toleranceFrames)) {
                        long lost = drift;
                        metrics.overruns.incrementAndGet();
                        metrics.framesLost.addAndGet(lost);
                        LOG.warning("overrun: " + (caughtUp ? "device buffer was full, " : "") + "about "
                                + lost * 1000 / RATE + " ms of audio lost before "
                                + Instant.ofEpochMilli(chunkStartMs) + "; re-anchoring on the wall clock");
                        // cut here; the audio from this read on is anchored like a line's first reads
                        ring.mark(true, -1);
                        window.clear();
                        segmentBytes = 0;
                        ringLoss = false;
                        anchored = false;
                        first = new FirstReads();
                        first.add(buf, n, chunkStartMs, chunkStartNanos);
                        continue;
                    } else if (Math.abs(wallStep) > WALL_STEP_MS) {
                        // the system clock was stepped (NTP syncing a Pi that has no RTC, an admin): follow it
                        metrics.clockResyncs.incrementAndGet();
                        LOG.warning("system clock stepped by " + wallStep + " ms; re-anchoring the timeline at "
                                + Instant.ofEpochMilli(chunkStartMs));
                        timeline.anchor(chunkStartMs, chunkStartNanos);
                        window.clear();
                        ring.mark(false, timeline.anchorMs);
                    } else if (window.full() && window.max() < -toleranceFrames) {
                        // The device clock runs fast: more audio than time. Moving the anchor back would
                        // stamp the next segment inside the last one (the hub refuses overlaps), so the
                        // surplus frames are dropped instead and the segments keep tiling on the clock.
                        surplusFrames = -window.max();
                        metrics.clockResyncs.incrementAndGet();
                        LOG.info("device clock ran " + surplusFrames * 1000L / RATE
                                + " ms ahead of the system clock; dropping that much audio to stay on time");
                        window.clear();
                    }
                    if (surplusFrames > 0) {
                        int skip = (int) Math.min(frames, surplusFrames);
                        surplusFrames -= skip;
                        metrics.framesSkipped.addAndGet(skip);
                        System.arraycopy(buf, skip * 2, buf, 0, n - skip * 2);
                        n -= skip * 2;
                        frames -= skip;
                    }
                }
                if (n == 0) {
                    continue;
                }
                if (!realTime) {
                    // a replay can wait for the segmenter: back-pressure instead of loss
                    try {
                        ring.writeBlocking(buf, 0, n);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while waiting for the segmenter", e);
                    }
                    segmentBytes = (segmentBytes + n) % SEGMENT_BYTES;
                } else if (ringLoss ? ring.writeAfterMark(timeline.nextFrameMs(), buf, 0, n) : ring.write(buf, 0, n)) {
                    segmentBytes = ((ringLoss ? 0 : segmentBytes) + n) % SEGMENT_BYTES;
                    ringLoss = false;
                } else {
                    if (!ringLoss) {
                        metrics.overruns.incrementAndGet();
                        LOG.warning("ring buffer full (segmenter or disk too slow): dropping audio until it drains");
                    }
                    metrics.framesLost.addAndGet(frames);
                    ringLoss = true;
                }
                timeline.framesSinceAnchor += frames;
            }
        } finally {
            if (anchored) {
                lastFrameEndMs = timeline.nextFrameMs();
            }
        }
    }

    /**
     * The drift (frames missing, negative: surplus) seen by the last {@value #SIZE} reads (about 6 s
     * at 46 ms a read). Reader thread only.
     */
    private static final class DriftWindow {
        static final int SIZE = 128;
        /** Reads before any judgement: a few of a sound server's fragments. */
        static final int MIN = 32;

        private final long[] drifts = new long[SIZE];
        private int count;
        private int next;

        void add(long drift) {
            drifts[next] = drift;
            next = (next + 1) % SIZE;
            count = Math.min(SIZE, count + 1);
        }

        void clear() {
            count = 0;
            next = 0;
        }

        /** Enough reads since the anchor to tell a loss from the delivery's swing. */
        boolean settled() {
            return count >= MIN;
        }

        /** A whole window: enough to tell a fast clock from an anchor taken on a late read. */
        boolean full() {
            return count == SIZE;
        }

        /** Smallest drift of the last {@value #MIN} reads. */
        long recentMin() {
            long min = Long.MAX_VALUE;
            for (int k = 1; k <= Math.min(MIN, count); k++) {
                min = Math.min(min, drifts[(next - k + SIZE) % SIZE]);
            }
            return min;
        }

        long max() {
            long max = Long.MIN_VALUE;
            for (int i = 0; i < count; i++) {
                max = Math.max(max, drifts[i]);
            }
            return max;
        }

        long maxAbs() {
            long max = 0;
            for (int i = 0; i < count; i++) {
                max = Math.max(max, Math.abs(drifts[i]));
            }
            return max;
        }
    }

    /** The first reads of a live line, kept until the anchor is chosen. Reader thread only. */
    private static final class FirstReads {
        final java.util.List<byte[]> chunks = new java.util.ArrayList<>();
        long frames;
        long bestMs;
        long bestNanos;
        final java.util.List<Long> startNanos = new java.util.ArrayList<>();
        final java.util.List<Long> startMs = new java.util.ArrayList<>();

        void add(byte[] buf, int n, long startMs, long startNanos) {
            chunks.add(java.util.Arrays.copyOf(buf, n));
            this.startNanos.add(startNanos);
            this.startMs.add(startMs);
            frames += n / 2;
        }

        /**
         * The median estimate: late ones (audio in transit) and early ones (a sound server rendering
         * ahead) both exist, and the drift of later reads then swings around 0.
         */
        void choose() {
            Integer[] order = new Integer[startNanos.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingLong(startNanos::get));
            int mid = order[(order.length - 1) / 2];
            bestNanos = startNanos.get(mid);
            bestMs = startMs.get(mid);
        }

        int count() {
            return chunks.size();
        }

        /** The drift each first read showed against the chosen anchor: the window starts settled. */
        void seed(DriftWindow window) {
            for (long nanos : startNanos) {
                window.add((nanos - bestNanos) * RATE / 1_000_000_000L);
            }
            startNanos.clear();
            startMs.clear();
        }

        boolean isEmpty() {
            return chunks.isEmpty();
        }
    }

    /**
     * Anchors a live line on the median estimate of its first reads and hands them to the ring.
     *
     * @return bytes of the segment in progress after them
     */
    private long anchorLive(FirstReads first, AudioLine line, Timeline timeline) {
        first.choose();
        timeline.anchor(line.anchorMillis(first.bestMs), first.bestNanos);
        ring.mark(true, timeline.anchorMs);
        LOG.info("timeline anchored at " + Instant.ofEpochMilli(timeline.anchorMs) + " (" + timeline.anchorMs + " ms)");
        recordGapAfterLoss(timeline.anchorMs);
        long bytes = 0;
        for (byte[] chunk : first.chunks) {
            if (!ring.write(chunk, 0, chunk.length)) {
                metrics.overruns.incrementAndGet();
                metrics.framesLost.addAndGet(chunk.length / 2);
                LOG.warning("ring buffer full at the start of capture: dropping " + chunk.length / 2 + " frames");
                continue;
            }
            bytes += chunk.length;
        }
        timeline.framesSinceAnchor = first.frames;
        first.chunks.clear();
        return bytes % SEGMENT_BYTES;
    }

    /**
     * Within a sixteenth of the device buffer of full. PulseAudio's ALSA plugin reports a full buffer
     * 2 bytes short of its size, and a reader late by most of the buffer is worth waiting out too.
     */
    private static boolean nearlyFull(long available, int bufferBytes) {
        return bufferBytes > 0 && available * 16 >= (long) bufferBytes * 15;
    }

    /** A line delivering audio again after the device was lost: log and count the gap, keep it open. */
    private void recordGapAfterLoss(long anchorMs) {
        if (deviceProblem != null || lostAfterMs >= 0) {
            metrics.captureDeviceUp.set(1);
            deviceProblem = null;
        }
        if (lostAfterMs < 0) {
            return;
        }
        long gap = Math.max(0, anchorMs - lostAfterMs);
        metrics.captureGaps.incrementAndGet();
        metrics.captureGapMillis.addAndGet(gap);
        LOG.warning("capture device back: audio resumes at " + Instant.ofEpochMilli(anchorMs) + " (" + anchorMs
                + " ms); " + gap
                + " ms not captured since " + Instant.ofEpochMilli(lostAfterMs)
                + " (a gap in the segments, nothing filled in)");
        lostAfterMs = -1;
    }
}

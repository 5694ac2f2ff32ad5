package io.buddybork.edge.capture;

import io.buddybork.edge.status.EdgeMetrics;
import io.buddybork.model.AmplitudeStats;
import io.buddybork.model.SegmentFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cuts the audio in the {@link RingBuffer} into gapless segments of exactly
 * {@link SegmentFormat#SEGMENT_FRAMES} frames and hands them to a sink on its own thread. A
 * segment's start is the anchor of its timeline plus the frames since the anchor, so consecutive
 * segments tile time exactly; at a cut (capture off, samples lost, end of stream) the segment in
 * progress is handed over short rather than padded or dropped. The sink is called on the segmenter
 * thread with a reused buffer (see {@link CapturedSegment}).
 */
public final class Segmenter {
    private static final Logger LOG = Logger.getLogger("segmenter");
    private static final int SEGMENT_BYTES = SegmentFormat.SEGMENT_FRAMES * SegmentFormat.BYTES_PER_FRAME;

    private final RingBuffer ring;
    private final Consumer<CapturedSegment> sink;
    private final EdgeMetrics metrics;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    /** Scratch for the max |sample| of each segment, reused: the segmenter allocates nothing per segment. */
    private final short[] samples = new short[SegmentFormat.SEGMENT_FRAMES];

    public Segmenter(RingBuffer ring, Consumer<CapturedSegment> sink, EdgeMetrics metrics) {
        this.ring = ring;
        this.sink = sink;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "segmenter");
    }

    /** Starts the segmenter thread. */
    public void start() {
        thread.start();
    }

    /** Waits until the stream ended and the last segment was handed to the sink. */
    public boolean awaitDone(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    /** Whether the stream ended and every segment was handed over. */
    public boolean done() {
        return done.getCount() == 0;
    }

    private void run() {
        try {
            segment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "segmenter failed", e);
        } finally {
            done.countDown();
        }
    }

    private void segment() throws InterruptedException {
        byte[] pcm = new byte[SEGMENT_BYTES];
        int fill = 0;
        long anchorMs = -1;
        long framesSinceAnchor = 0;
        long startMs = -1;
        while (true) {
            int n = ring.read(pcm, fill, pcm.length - fill);
            if (n == RingBuffer.END) {
                emit(startMs, pcm, fill);
                return;
            }
            if (n == RingBuffer.MARKER) {
                RingBuffer.Marker marker = ring.takeMarker();
                if (marker.cut()) {
                    emit(startMs, pcm, fill);
                    fill = 0;
                }
                anchorMs = marker.anchorMs();
                framesSinceAnchor = 0;
                continue;
            }
            if (anchorMs < 0) {
                throw new IllegalStateException("audio arrived before any timeline anchor");
            }
            if (fill == 0) {
                startMs = anchorMs + framesSinceAnchor * 1000 / SegmentFormat.SAMPLE_RATE;
            }
            fill += n;
            framesSinceAnchor += n / SegmentFormat.BYTES_PER_FRAME;
            if (fill == pcm.length) {
                emit(startMs, pcm, fill);
                fill = 0;
            }
        }
    }

    private void emit(long startMs, byte[] pcm, int length) {
        if (length == 0) {
            return;
        }
        metrics.segmentsCaptured.incrementAndGet();
        int frames = length / SegmentFormat.BYTES_PER_FRAME;
        ByteBuffer.wrap(pcm, 0, length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asShortBuffer()
                .get(samples, 0, frames);
        sink.accept(new CapturedSegment(startMs, pcm, length, AmplitudeStats.maxAbs(samples, 0, frames)));
    }
}

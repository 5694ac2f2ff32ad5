package io.buddybork.edge;

import io.buddybork.edge.capture.AudioSource;
import io.buddybork.edge.capture.CaptureEngine;
import io.buddybork.edge.capture.CapturedSegment;
import io.buddybork.edge.capture.MicrophoneSource;
import io.buddybork.edge.capture.RingBuffer;
import io.buddybork.edge.capture.Segmenter;
import io.buddybork.edge.capture.WavFileSource;
import io.buddybork.edge.config.EdgeConfig;
import io.buddybork.edge.control.CaptureStateStore;
import io.buddybork.edge.control.CaptureStateWatcher;
import io.buddybork.edge.gate.SilenceGate;
import io.buddybork.edge.spool.Spool;
import io.buddybork.edge.status.EdgeMetrics;
import io.buddybork.edge.status.StatusServer;
import io.buddybork.edge.time.Sleeper;
import io.buddybork.edge.upload.Backoff;
import io.buddybork.edge.upload.HubClient;
import io.buddybork.edge.upload.Uploader;
import io.buddybork.model.SegmentFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The edge agent assembled: source -> capture reader -> ring -> segmenter -> silence gate ->
 * spool -> uploaders, with the capture switch following the hub and a local status endpoint.
 * {@link #stop()} is graceful (the segment in progress is finished and spooled) and idempotent.
 */
public final class EdgeAgent {
    private static final Logger LOG = Logger.getLogger("agent");
    /**
     * Thirty seconds of audio between the reader and the segmenter (2.6 MB): after a stall a sound
     * server hands over what it kept (PulseAudio: up to 4 MiB, about 47 s) faster than real time,
     * while the segmenter, held up just as long, catches up.
     */
    private static final int RING_BYTES = 30 * SegmentFormat.SAMPLE_RATE * SegmentFormat.BYTES_PER_FRAME;
    /** Shortest segment worth uploading: the hub refuses anything under 1 ms. */
    private static final int MIN_FRAMES = SegmentFormat.SAMPLE_RATE / 1000;
    /** Name of the file, in the spool directory, remembering the hub's capture switch. */
    public static final String STATE_FILE = "capture-state.properties";

    private final EdgeConfig config;
    private final EdgeMetrics metrics = new EdgeMetrics();
    private final AudioSource source;
    private final Spool spool;
    private final SilenceGate gate;
    private final CaptureEngine engine;
    private final Segmenter segmenter;
    private final Uploader uploader;
    private final CaptureStateWatcher watcher;
    private final boolean finite;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private StatusServer status;

    private EdgeAgent(EdgeConfig config) throws IOException {
        this.config = config;
        Path file = config.sourceFile();
        this.finite = file != null && !config.loop();
        this.source = file != null
                ? WavFileSource.of(file, config.speed(), config.loop(), config.replayStartMs())
                : new MicrophoneSource(config.microphoneFilter(), config.micBufferMillis());
        this.spool = Spool.open(config.spoolDir(), config.spoolBudgetBytes(), metrics);
        this.gate = new SilenceGate(config.silenceThreshold());
        HubClient client = HubClient.create(config.hub(), config.token(), config.trustCert());
        CaptureStateStore store = new CaptureStateStore(config.spoolDir().resolve(STATE_FILE));
        RingBuffer ring = new RingBuffer(RING_BYTES);
        this.engine = new CaptureEngine(
                source,
                ring,
                Clock.systemUTC(),
                metrics,
                new CaptureEngine.Settings(4096, config.driftToleranceMs(), Duration.ofSeconds(5)),
                store.load().enabled());
        this.segmenter = new Segmenter(ring, this::onSegment, metrics);
        this.uploader = new Uploader(
                spool,
                client,
                config.uploadParallelism(),
                Backoff.of(config.backoffBase(), config.backoffMax()),
                metrics);
        this.watcher = new CaptureStateWatcher(
                client::pollCaptureState,
                store,
                engine::setEnabled,
                metrics,
                Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(60)),
                Sleeper.SYSTEM,
                config.stateWaitSeconds());
    }

    /** Builds the agent; nothing runs until {@link #start()}. */
    public static EdgeAgent create(EdgeConfig config) throws IOException {
        return new EdgeAgent(config);
    }

    /** The agent's metrics. */
    public EdgeMetrics metrics() {
        return metrics;
    }

    /** Starts every thread and the status endpoint. */
    public void start() throws IOException {
        // the runtime in the log: a support question about a Pi starts with "which Java, which CPU"
        LOG.info("starting on Java " + Runtime.version() + " (os.arch=" + System.getProperty("os.arch") + "): "
                + config.summary());
        String exposure = Checks.cleartextWarning(config.hub());
        if (exposure != null) {
            LOG.warning(exposure);
        }
        if (config.statusPort() >= 0) {
            status = StatusServer.start(config.statusBind(), config.statusPort(), metrics, this::health);
            LOG.info("status endpoint on http://" + config.statusBind() + ":" + status.port() + "/metrics");
        }
        segmenter.start();
        engine.start();
        uploader.start();
        watcher.start();
    }

    private String health() {
        String problem = engine.enabled() ? engine.deviceProblem() : null;
        return (engine.enabled() ? (problem == null ? "capturing" : problem + "; reopening every 5 s") : "capture off")
                + "; spool " + spool.depth() + " segments, "
                + spool.bytes() / 1024 + " KiB"
                + (uploader.lastFailure() != null && metrics.spoolDepth.get() > 0
                        ? "; last upload failure: " + uploader.lastFailure()
                        : "");
    }

    private void onSegment(CapturedSegment segment) {
        if (!gate.passes(segment.maxAbs()) || segment.frames() < MIN_FRAMES) {
            // silent, or a sliver left at a cut that the hub would refuse as too short
            metrics.segmentsGated.incrementAndGet();
            return;
        }
        try {
            spool.put(segment.startMs(), segment.toWav());
        } catch (IOException | RuntimeException e) {
            metrics.spoolErrors.incrementAndGet();
            LOG.log(
                    Level.SEVERE,
                    "could not spool segment " + segment.startMs() + " (" + segment.frames() + " frames): "
                            + e.getMessage() + "; it is lost",
                    e);
        }
    }

    /**
     * For a finite source: waits until the whole file was captured and the spool drained.
     *
     * @return true when complete, false when the agent was stopped first
     */
    public boolean awaitCompletion() throws InterruptedException {
        if (!finite) {
            stopped.await();
            return false;
        }
        while (!segmenter.awaitDone(1, TimeUnit.SECONDS)) {
            if (stopping.get()) {
                return false;
            }
        }
        while (!spool.awaitEmpty(1, TimeUnit.SECONDS)) {
            if (stopping.get()) {
                return false;
            }
        }
        return !stopping.get() && engine.sourceExhausted();
    }

    /** Waits until {@link #stop()} completed. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * Graceful stop: stop following the hub, finish the segment in progress and spool it, give
     * uploads in flight a few seconds, release the source. Safe to call twice and from several
     * threads; later callers wait for the first to finish.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            LOG.info(engine.sourceExhausted() ? "stopping" : "stopping: finishing the segment in progress");
            watcher.stop();
            engine.finish();
            double speed = config.sourceFile() != null && config.speed() > 0 ? config.speed() : 1;
            long finishMs = (long) (SegmentFormat.SEGMENT_MILLIS / speed) + 2_000;
            if (!engine.awaitStopped(Duration.ofMillis(finishMs))) {
                LOG.warning("audio source did not deliver the rest of the segment in time; cutting it short");
                engine.abort();
                engine.awaitStopped(Duration.ofSeconds(2));
            }
            if (!segmenter.awaitDone(10, TimeUnit.SECONDS)) {
                LOG.warning("segmenter did not finish within 10 s");
            }
            uploader.stop(Duration.ofSeconds(5));
            LOG.info("stopped: " + metrics.segmentsCaptured.get() + " segments captured, " + metrics.segmentsGated.get()
                    + " silent, " + metrics.segmentsUploaded.get() + " uploaded, " + spool.depth()
                    + " left in the spool for next time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (status != null) {
                status.close();
            }
            source.close();
            stopped.countDown();
        }
    }
}

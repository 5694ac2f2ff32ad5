package io.buddybork.edge.upload;

import io.buddybork.edge.spool.Spool;
import io.buddybork.edge.status.EdgeMetrics;
import io.buddybork.edge.time.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drains the {@link Spool} to the hub with a fixed number of worker threads, oldest segment first.
 * A spool file is deleted only after the hub acknowledged it (201/200); a segment the hub refuses
 * for a reason of its own (4xx other than 401/403/404/408/429) is moved to {@code rejected/} with
 * the hub's answer; everything else (network errors, 5xx, 408, 429, a refused token) is retried
 * after an exponential backoff with jitter shared by all workers, honouring Retry-After.
 * {@link #stop} is idempotent and thread-safe.
 */
public final class Uploader {
    private static final Logger LOG = Logger.getLogger("upload");

    private final Spool spool;
    private final BiFunction<Long, java.nio.file.Path, UploadOutcome> transport;
    private final EdgeMetrics metrics;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Clock clock;
    private final List<Thread> workers = new ArrayList<>();
    /** Workers in the middle of an HTTP exchange: only they get the grace period on stop. */
    private final java.util.Set<Thread> exchanging = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Orders "stop interrupts the idle workers" against "a worker starts an exchange". */
    private final Object lifecycle = new Object();

    private volatile boolean running;
    private volatile String lastFailure;

    /** Uploads through {@code client}. */
    public Uploader(Spool spool, HubClient client, int parallelism, Backoff backoff, EdgeMetrics metrics) {
        this(
                spool,
                (BiFunction<Long, java.nio.file.Path, UploadOutcome>) client::upload,
                parallelism,
                backoff,
                metrics,
                Sleeper.SYSTEM,
                Clock.systemUTC());
    }

    Uploader(
            Spool spool,
            BiFunction<Long, java.nio.file.Path, UploadOutcome> transport,
            int parallelism,
            Backoff backoff,
            EdgeMetrics metrics,
            Sleeper sleeper,
            Clock clock) {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("upload parallelism must be 1..16, got " + parallelism);
        }
        this.spool = spool;
        this.transport = transport;
        this.metrics = metrics;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.clock = clock;
        for (int i = 0; i < parallelism; i++) {
            Thread worker = new Thread(this::work, "uploader-" + (i + 1));
            worker.setDaemon(true);
            workers.add(worker);
        }
    }

    /** Starts the workers. */
    public synchronized void start() {
        running = true;
        workers.forEach(Thread::start);
    }

    /**
     * Stops the workers: an upload in flight may finish within {@code grace}, after which it is
     * abandoned (its file stays in the spool and is sent again next time; the hub deduplicates).
     */
    public void stop(Duration grace) throws InterruptedException {
        synchronized (lifecycle) {
            running = false;
            for (Thread worker : workers) {
                if (!exchanging.contains(worker)) {
                    worker.interrupt(); // idle or backing off: nothing to finish
                }
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread worker : workers) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (worker.isAlive() && left > 0) {
                worker.join(left);
            }
        }
        for (Thread worker : workers) {
            worker.interrupt();
        }
        for (Thread worker : workers) {
            worker.join(1_000);
        }
    }

    /** The last failure seen, for logs and {@code --check}. */
    public String lastFailure() {
        return lastFailure;
    }

    private void work() {
        while (running) {
            Spool.Entry entry;
            try {
                entry = spool.take(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
                continue;
            }
            if (entry == null) {
                continue;
            }
            try {
                uploadOne(entry);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                spool.release(entry);
                LOG.log(
                        Level.SEVERE,
                        "unexpected failure uploading " + entry.path().getFileName(),
                        e);
            }
        }
    }

    private void uploadOne(Spool.Entry entry) throws InterruptedException {
        if (!java.nio.file.Files.isRegularFile(entry.path())) {
            spool.forget(entry); // evicted or removed by hand meanwhile
            return;
        }
        UploadOutcome outcome;
        synchronized (lifecycle) {
            if (!running) {
                // taken just as the agent stopped: starting an exchange now would only be interrupted
                spool.release(entry);
                return;
            }
            exchanging.add(Thread.currentThread());
        }
        try {
            outcome = transport.apply(entry.startMs(), entry.path());
        } finally {
            exchanging.remove(Thread.currentThread());
        }
        switch (outcome.kind()) {
            case STORED -> {
                metrics.segmentsUploaded.incrementAndGet();
                metrics.lastUploadEpochMs.set(clock.millis());
                try {
                    spool.acknowledge(entry);
                } catch (IOException e) {
                    spool.forget(entry);
                    LOG.warning(
                            "uploaded " + entry.path().getFileName() + " but could not delete it: " + e.getMessage());
                }
                if (backoff.failures() > 0) {
                    LOG.info("hub reachable again after " + backoff.failures() + " failed attempts");
                }
                backoff.reset();
            }
            case REJECTED -> {
                String reason = rejectionNote(outcome);
                try {
                    metrics.segmentsRejected.incrementAndGet();
                    spool.reject(entry, reason);
                    LOG.warning("hub rejected segment " + entry.startMs() + " (HTTP " + outcome.status() + "): "
                            + oneLine(outcome.detail()) + "; moved to " + spool.rejectedDirectory());
                } catch (IOException e) {
                    metrics.segmentsRejected.decrementAndGet();
                    spool.release(entry);
                    LOG.log(
                            Level.SEVERE,
                            "could not move rejected segment " + entry.path().getFileName(),
                            e);
                    sleeper.sleep(backoff.nextDelayMillis(-1));
                    return;
                }
                backoff.reset();
            }
            case RETRY -> {
                spool.release(entry);
                if (!running) {
                    // cut off by stop after its grace period: not a hub failure, nothing to back off from
                    LOG.info("upload of segment " + entry.startMs() + " abandoned at shutdown; it stays in the spool");
                    return;
                }
                metrics.uploadFailures.incrementAndGet();
                long delay = backoff.nextDelayMillis(outcome.retryAfterMs());
                String failure = oneLine(outcome.detail());
                if (!failure.equals(lastFailure) || backoff.failures() % 10 == 1) {
                    LOG.warning("upload of segment " + entry.startMs() + " failed ("
                            + (outcome.status() == 0 ? "no answer" : "HTTP " + outcome.status()) + ": " + failure
                            + "); " + spool.depth() + " segments waiting; next attempt in " + delay + " ms");
                }
                lastFailure = failure;
                sleeper.sleep(delay);
            }
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
    }

    /** The hub's problem JSON as is, or a JSON note when it sent something else. */
    static String rejectionNote(UploadOutcome outcome) {
        String detail = outcome.detail() == null ? "" : outcome.detail().strip();
        if (detail.startsWith("{") && detail.endsWith("}")) {
            return detail + "\n";
        }
        java.util.Map<String, Object> note = new java.util.LinkedHashMap<>();
        note.put("status", outcome.status());
        note.put("detail", detail);
        try {
            return com.fasterxml.jackson.jr.ob.JSON.std.asString(note) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}

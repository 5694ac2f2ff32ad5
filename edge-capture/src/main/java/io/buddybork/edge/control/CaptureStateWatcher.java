package io.buddybork.edge.control;

import io.buddybork.edge.status.EdgeMetrics;
import io.buddybork.edge.time.Sleeper;
import io.buddybork.edge.upload.Backoff;
import io.buddybork.model.wire.CaptureState;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Follows the hub's capture on/off switch by long-polling {@code GET /api/v1/capture-state} on its
 * own thread, applying every change and remembering it durably. When the hub cannot be reached the
 * last known state stays in force and polling resumes after a backoff. {@link #stop} is idempotent.
 */
public final class CaptureStateWatcher {
    private static final Logger LOG = Logger.getLogger("control");

    /** Where states come from (the hub client in production). */
    @FunctionalInterface
    public interface StatePoller {
        /** Answers when the state's version differs from {@code knownVersion} or after the wait. */
        CaptureState poll(long knownVersion, int waitSeconds) throws IOException;
    }

    private final StatePoller poller;
    private final CaptureStateStore store;
    private final Consumer<Boolean> apply;
    private final EdgeMetrics metrics;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final int waitSeconds;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile CaptureState current;

    public CaptureStateWatcher(
            StatePoller poller,
            CaptureStateStore store,
            Consumer<Boolean> apply,
            EdgeMetrics metrics,
            Backoff backoff,
            Sleeper sleeper,
            int waitSeconds) {
        this.poller = poller;
        this.store = store;
        this.apply = apply;
        this.metrics = metrics;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.waitSeconds = waitSeconds;
        this.current = store.load();
        this.thread = new Thread(this::run, "capture-state");
        thread.setDaemon(true);
    }

    /** The state in force: the remembered one until the hub answers. */
    public CaptureState current() {
        return current;
    }

    /** Starts polling. */
    public void start() {
        thread.start();
    }

    /** Stops polling. */
    public void stop() {
        stopped = true;
        thread.interrupt();
    }

    /** Polls once and applies the answer; false when the hub could not be asked (state kept). */
    boolean pollOnce() throws InterruptedException {
        try {
            CaptureState answer = poller.poll(current.version(), waitSeconds);
            if (backoff.failures() > 0) {
                LOG.info("capture-state: hub reachable again");
            }
            backoff.reset();
            if (answer.version() != current.version() || answer.enabled() != current.enabled()) {
                boolean changedSwitch = answer.enabled() != current.enabled();
                current = answer;
                metrics.captureEnabled.set(answer.enabled() ? 1 : 0);
                try {
                    store.save(answer);
                } catch (IOException e) {
                    LOG.warning("could not remember capture state: " + e.getMessage());
                }
                if (changedSwitch) {
                    LOG.info("hub switched capture " + (answer.enabled() ? "on" : "off") + " (version "
                            + answer.version() + ")");
                }
                apply.accept(answer.enabled());
            }
            return true;
        } catch (IOException e) {
            if (stopped) {
                throw new InterruptedException("stopped");
            }
            metrics.captureStateErrors.incrementAndGet();
            long delay = backoff.nextDelayMillis(-1);
            if (backoff.failures() == 1 || backoff.failures() % 20 == 0) {
                LOG.warning("capture-state: cannot reach the hub (" + e.getMessage() + "); keeping capture "
                        + (current.enabled() ? "on" : "off") + ", retrying in " + delay + " ms");
            }
            sleeper.sleep(delay);
            return false;
        }
    }

    private void run() {
        metrics.captureEnabled.set(current.enabled() ? 1 : 0);
        while (!stopped) {
            try {
                pollOnce();
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.severe("capture-state watcher: " + e);
                try {
                    sleeper.sleep(5_000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }
}

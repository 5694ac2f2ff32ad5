package io.buddybork.recognition.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line text progress bar on stderr ({@code label [#####.....] 12/80 0:03}), redrawn in place
 * at most ten times a second. Thread-safe: {@link #update} may be called from worker threads.
 */
public final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private final boolean enabled;
    private final boolean interactive;
    private long lastDraw;
    private int current;

    /** A bar for {@code total} steps; silent when {@code enabled} is false. */
    public ProgressBar(PrintStream out, String label, int total, boolean enabled) {
        // Without a terminal (logs, CI) redrawing in place only makes noise: print the final line only.
        this(out, label, total, enabled, System.console() != null);
    }

    ProgressBar(PrintStream out, String label, int total, boolean enabled, boolean interactive) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.enabled = enabled;
        this.interactive = interactive;
    }

    /** Reports that {@code done} steps are finished. */
    public synchronized void update(int done) {
        current = Math.max(current, done);
        long now = System.nanoTime();
        if (enabled && interactive && (now - lastDraw > 100_000_000L || current >= total)) {
            lastDraw = now;
            draw();
        }
    }

    private void draw() {
        int filled = (int) ((long) WIDTH * current / total);
        long secs = (System.nanoTime() - start) / 1_000_000_000L;
        out.printf(
                Locale.ROOT,
                "\r%-10s [%s%s] %d/%d %d:%02d",
                label,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                current,
                total,
                secs / 60,
                secs % 60);
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (enabled) {
            draw();
            out.println();
        }
    }
}

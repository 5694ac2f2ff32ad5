package io.buddybork.edge.status;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's counters and gauges, rendered as Prometheus text by the status endpoint.
 * Thread-safe: every field is an atomic updated by the thread that owns the event.
 */
public final class EdgeMetrics {
    public final AtomicLong framesCaptured = new AtomicLong();
    public final AtomicLong segmentsCaptured = new AtomicLong();
    public final AtomicLong segmentsGated = new AtomicLong();
    public final AtomicLong segmentsSpooled = new AtomicLong();
    public final AtomicLong segmentsUploaded = new AtomicLong();
    public final AtomicLong segmentsRejected = new AtomicLong();
    public final AtomicLong segmentsEvicted = new AtomicLong();
    public final AtomicLong filesQuarantined = new AtomicLong();
    public final AtomicLong overruns = new AtomicLong();
    public final AtomicLong framesLost = new AtomicLong();
    public final AtomicLong clockResyncs = new AtomicLong();
    public final AtomicLong framesSkipped = new AtomicLong();
    public final AtomicLong captureErrors = new AtomicLong();
    public final AtomicLong deviceLosses = new AtomicLong();
    public final AtomicLong captureGaps = new AtomicLong();
    public final AtomicLong captureGapMillis = new AtomicLong();
    public final AtomicLong captureDeviceUp = new AtomicLong(1);
    public final AtomicLong spoolErrors = new AtomicLong();
    public final AtomicLong uploadFailures = new AtomicLong();
    public final AtomicLong captureStateErrors = new AtomicLong();
    public final AtomicLong spoolDepth = new AtomicLong();
    public final AtomicLong spoolBytes = new AtomicLong();
    public final AtomicLong lastUploadEpochMs = new AtomicLong();
    public final AtomicLong captureEnabled = new AtomicLong(1);

    /** All metrics in the Prometheus text exposition format 0.0.4. */
    public String renderPrometheus() {
        StringBuilder out = new StringBuilder(2048);
        counter(out, "frames_captured", "Audio frames read from the source.", framesCaptured);
        counter(out, "segments_captured", "Segments cut from the captured audio.", segmentsCaptured);
        counter(out, "segments_gated", "Segments dropped by the silence gate.", segmentsGated);
        counter(out, "segments_spooled", "Segments written durably to the spool.", segmentsSpooled);
        counter(out, "segments_uploaded", "Segments acknowledged by the hub (201 or 200).", segmentsUploaded);
        counter(out, "segments_rejected", "Segments the hub refused, moved to rejected/.", segmentsRejected);
        counter(
                out,
                "segments_evicted",
                "Spooled segments deleted unsent because the spool budget was full.",
                segmentsEvicted);
        counter(
                out,
                "files_quarantined",
                "Leftover temporary or truncated spool files moved to quarantine/.",
                filesQuarantined);
        counter(
                out,
                "overruns",
                "Times samples were lost (device or ring overrun) and the timeline re-anchored.",
                overruns);
        counter(out, "frames_lost", "Estimated frames lost to overruns.", framesLost);
        counter(
                out,
                "clock_resyncs",
                "Times the device clock ran ahead of the wall clock and was re-anchored.",
                clockResyncs);
        counter(
                out,
                "frames_skipped",
                "Frames dropped because the device clock ran ahead of the system clock.",
                framesSkipped);
        counter(out, "capture_errors", "Failures opening or reading the audio source.", captureErrors);
        counter(
                out,
                "device_losses",
                "Times the capture device stopped delivering audio mid-stream (unplugged).",
                deviceLosses);
        counter(out, "capture_gaps", "Gaps left by a lost capture device once it delivered again.", captureGaps);
        counter(
                out,
                "capture_gap_ms",
                "Milliseconds of audio not captured while the device was lost.",
                captureGapMillis);
        counter(
                out,
                "spool_errors",
                "Segments lost because the spool could not be written (disk full or failing).",
                spoolErrors);
        counter(out, "upload_failures", "Upload attempts that failed and will be retried.", uploadFailures);
        counter(out, "capture_state_errors", "Failed capture-state polls (last known state kept).", captureStateErrors);
        gauge(out, "spool_depth", "Segments waiting in the spool.", spoolDepth.get());
        gauge(out, "spool_bytes", "Bytes of segments waiting in the spool.", spoolBytes.get());
        long last = lastUploadEpochMs.get();
        gauge(
                out,
                "last_upload_timestamp_seconds",
                "Unix time of the last acknowledged upload (0: none yet).",
                last / 1000.0);
        gauge(
                out,
                "capture_device_up",
                "0 while the capture device is lost or cannot be opened, else 1.",
                captureDeviceUp.get());
        gauge(out, "capture_enabled", "1 when capture is on, 0 when the hub switched it off.", captureEnabled.get());
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, AtomicLong value) {
        String full = "buddybork_edge_" + name + "_total";
        out.append("# HELP ").append(full).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(full).append(" counter\n");
        out.append(full).append(' ').append(value.get()).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        String full = "buddybork_edge_" + name;
        out.append("# HELP ").append(full).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(full).append(" gauge\n");
        out.append(full).append(' ');
        if (value == Math.rint(value)) {
            out.append((long) value);
        } else {
            out.append(String.format(java.util.Locale.ROOT, "%.3f", value));
        }
        out.append('\n');
    }
}

package io.buddybork.edge.config;

import io.buddybork.model.AmplitudeStats;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The agent's validated configuration.
 *
 * @param hub hub base URL
 * @param token device bearer token
 * @param trustCert certificate file to pin, or null for the system CAs
 * @param source {@code mic}, {@code mic:<name>} or {@code file:<path>}
 * @param micDevice device name substring for the microphone
 * @param micBufferMillis capture device buffer
 * @param speed file replay speed (0 = unpaced)
 * @param loop replay the file forever
 * @param replayStartMs UTC epoch ms the replayed file's first frame is stamped with; empty: the
 *     replay ends now (or starts now at real time)
 * @param spoolDir spool directory
 * @param spoolBudgetBytes spool size limit
 * @param silenceThreshold gate amplitude (max |sample| below it is silence)
 * @param uploadParallelism concurrent uploads
 * @param backoffBase first retry delay
 * @param backoffMax longest retry delay
 * @param statusPort local status port (0 any, -1 off)
 * @param statusBind status address
 * @param driftToleranceMs overrun detection tolerance
 * @param stateWaitSeconds capture-state long-poll wait
 */
public record EdgeConfig(
        URI hub,
        String token,
        Path trustCert,
        String source,
        String micDevice,
        int micBufferMillis,
        double speed,
        boolean loop,
        OptionalLong replayStartMs,
        Path spoolDir,
        long spoolBudgetBytes,
        int silenceThreshold,
        int uploadParallelism,
        Duration backoffBase,
        Duration backoffMax,
        int statusPort,
        String statusBind,
        long driftToleranceMs,
        int stateWaitSeconds) {

    /** The replayed file when the source is {@code file:<path>}, else null. */
    public Path sourceFile() {
        return source.startsWith("file:") ? Path.of(source.substring("file:".length())) : null;
    }

    /** The microphone filter: from {@code mic:<name>} or {@code mic.device}. */
    public String microphoneFilter() {
        return source.startsWith("mic:") ? source.substring("mic:".length()) : micDevice;
    }

    /** One line for logs and {@code --check}; never shows the token. */
    public String summary() {
        return "hub " + hub + (trustCert != null ? " (trusting " + trustCert + ")" : "") + ", source " + source
                + (sourceFile() != null
                        ? " at " + (speed == 0 ? "unpaced" : speed + "x") + (loop ? " looping" : "")
                                + (replayStartMs.isPresent()
                                        ? " stamped from " + java.time.Instant.ofEpochMilli(replayStartMs.getAsLong())
                                        : "")
                        : "")
                + ", spool " + spoolDir + " (budget " + spoolBudgetBytes / (1024 * 1024) + " MiB)"
                + ", silence below amplitude " + silenceThreshold
                + String.format(
                        java.util.Locale.ROOT,
                        " (%.1f dBFS)",
                        AmplitudeStats.amplitudeToDbfs(Math.max(1, silenceThreshold)))
                + ", " + uploadParallelism + " upload workers"
                + (statusPort >= 0 ? ", status on " + statusBind + ":" + statusPort : ", status endpoint off");
    }
}

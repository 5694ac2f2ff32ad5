package io.buddybork.edge.control;

import io.buddybork.model.storage.DurableFiles;
import io.buddybork.model.wire.CaptureState;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Remembers the last capture state the hub sent, durably, so that an agent restarted while the
 * hub is unreachable keeps obeying it. Before the hub was ever reached, capture is on (losing
 * audio is worse than recording some the owner did not want). Thread-safe.
 */
public final class CaptureStateStore {
    private static final Logger LOG = Logger.getLogger("control");
    /** State assumed before the hub has ever answered. */
    public static final CaptureState UNKNOWN = new CaptureState(true, -1);

    private final Path file;

    public CaptureStateStore(Path file) {
        this.file = file;
    }

    /** The remembered state, or {@link #UNKNOWN}. */
    public synchronized CaptureState load() {
        if (!Files.isRegularFile(file)) {
            return UNKNOWN;
        }
        try {
            Properties props = new Properties();
            props.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            return new CaptureState(
                    Boolean.parseBoolean(props.getProperty("enabled", "true")),
                    Long.parseLong(props.getProperty("version", "-1")));
        } catch (IOException | NumberFormatException e) {
            LOG.warning("ignoring unreadable " + file + ": " + e.getMessage());
            return UNKNOWN;
        }
    }

    /** Durably remembers {@code state}. */
    public synchronized void save(CaptureState state) throws IOException {
        String text = "# last capture state received from the hub; written by the agent\n" + "enabled="
                + state.enabled() + "\nversion=" + state.version() + "\n";
        DurableFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}

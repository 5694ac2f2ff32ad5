package io.buddybork.edge.config;

import java.util.Locale;

/**
 * Every configuration setting of the agent, with its property key, command-line flag, environment
 * variable ({@code BUDDYBORK_} + key in upper case, dots and dashes as underscores) and default.
 */
public enum Setting {
    HUB_URL("hub.url", "--hub", null, "hub base URL, e.g. https://hub.local:8443"),
    HUB_TOKEN("hub.token", "--token", null, "device bearer token (prefer hub.token-file or the environment)"),
    HUB_TOKEN_FILE("hub.token-file", "--token-file", null, "file holding the device token"),
    TRUST_CERT(
            "hub.trust-cert",
            "--trust-cert",
            null,
            "PEM file of the CA or self-signed certificate to trust for the hub (pins it; system CAs otherwise)"),
    SOURCE("source", "--source", "mic", "mic, mic:<device name substring>, or file:<path.wav>"),
    MIC_DEVICE("mic.device", "--device", "", "substring of the capture device name (see --list-devices)"),
    MIC_BUFFER_MS("mic.buffer-ms", "--mic-buffer-ms", "1500", "capture device buffer in ms (1000-2000)"),
    SPEED("replay.speed", "--speed", "1", "file replay speed: 1 = real time, 10 = ten times faster, 0 = unpaced"),
    LOOP("replay.loop", "--loop", "false", "replay the file forever (demos)"),
    REPLAY_START(
            "replay.start",
            "--replay-start",
            null,
            "stamp the replayed file from this time (ISO-8601 instant, e.g. 2026-03-03T18:30:00Z, or UTC epoch ms)"
                    + " instead of ending it now; not with --loop"),
    SPOOL_DIR("spool.dir", "--spool", "/var/lib/buddybork/spool", "spool directory"),
    SPOOL_BUDGET("spool.budget", "--spool-budget", "2GiB", "largest spool size; oldest segments are evicted beyond it"),
    SILENCE_DBFS("gate.dbfs", "--silence-dbfs", "-40", "silence threshold in dBFS (max |sample| below it: dropped)"),
    SILENCE_AMPLITUDE(
            "gate.amplitude",
            "--silence-amplitude",
            null,
            "silence threshold as a raw amplitude 0..32768 (overrides gate.dbfs)"),
    UPLOAD_PARALLELISM("upload.parallelism", "--upload-parallelism", "2", "concurrent uploads (1-16)"),
    BACKOFF_BASE_MS("upload.backoff-base-ms", "--backoff-base-ms", "1000", "first retry delay in ms"),
    BACKOFF_MAX_MS("upload.backoff-max-ms", "--backoff-max-ms", "60000", "longest retry delay in ms"),
    STATUS_PORT("status.port", "--status-port", "9851", "local status port (0 = any free port, -1 = off)"),
    STATUS_BIND("status.bind", "--status-bind", "127.0.0.1", "status endpoint address (keep it loopback)"),
    DRIFT_TOLERANCE_MS(
            "capture.drift-tolerance-ms",
            "--drift-tolerance-ms",
            "50",
            "audio missing or surplus vs the clock, in ms, before an overrun is declared and the timeline re-anchored"),
    STATE_WAIT_S("control.wait-seconds", "--capture-state-wait", "30", "capture-state long-poll wait in seconds");

    private final String key;
    private final String flag;
    private final String defaultValue;
    private final String help;

    Setting(String key, String flag, String defaultValue, String help) {
        this.key = key;
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    /** Property key, e.g. {@code hub.url}. */
    public String key() {
        return key;
    }

    /** Command-line flag, e.g. {@code --hub}. */
    public String flag() {
        return flag;
    }

    /** Environment variable, e.g. {@code BUDDYBORK_HUB_URL}. */
    public String env() {
        return "BUDDYBORK_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Default value, or null when the setting has none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One line for {@code --help}. */
    public String help() {
        return help;
    }

    /** The setting with property key {@code key}, or null. */
    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** The setting with command-line flag {@code flag}, or null. */
    public static Setting byFlag(String flag) {
        for (Setting s : values()) {
            if (s.flag.equals(flag)) {
                return s;
            }
        }
        return null;
    }

    /** Whether the flag may stand alone, meaning true (a boolean switch; {@code --loop=false} also works). */
    public boolean isSwitch() {
        return this == LOOP;
    }
}

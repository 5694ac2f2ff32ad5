package io.buddybork.edge.config;

import io.buddybork.edge.spool.Spool;
import io.buddybork.model.AmplitudeStats;
import io.buddybork.model.SegmentNames;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the settings of an {@link EdgeCommandLine.Invocation} (flags over environment over
 * properties file over defaults, merged by picocli and {@link SettingsDefaultProvider}) into a
 * validated {@link EdgeConfig}, with a message naming the setting and where its value came from.
 */
public final class ConfigLoader {
    private static final Pattern SIZE =
            Pattern.compile("(?i)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)\\s*");

    private ConfigLoader() {}

    /**
     * Validates the invocation's settings.
     *
     * @throws ConfigException naming the faulty setting and its origin, or the faulty properties file
     */
    public static EdgeConfig load(EdgeCommandLine.Invocation invocation) {
        return new Values(invocation.settings().values()).build();
    }

    /** Parses sizes such as {@code 512MiB}, {@code 2G}, {@code 1048576}. */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size (e.g. 500MiB, 2GiB, 1048576)");
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit.isEmpty() ? ' ' : unit.charAt(0)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            case 't' -> 1024L * 1024 * 1024 * 1024;
            default -> 1L;
        };
        return (long) (number * factor);
    }

    /** Typed access with error messages naming the setting and its origin. */
    private static final class Values {
        private final Map<Setting, SettingValue> values;

        Values(Map<Setting, SettingValue> values) {
            this.values = values;
        }

        EdgeConfig build() {
            URI hub = hub();
            String token = token();
            String trust = optional(Setting.TRUST_CERT);
            Path trustCert = trust == null ? null : Path.of(trust);
            if (trustCert != null && !Files.isReadable(trustCert)) {
                throw fault(Setting.TRUST_CERT, "file is missing or unreadable");
            }
            String source = required(Setting.SOURCE);
            if (!source.equals("mic") && !source.startsWith("mic:") && !source.startsWith("file:")) {
                throw fault(Setting.SOURCE, "must be mic, mic:<device name substring> or file:<path.wav>");
            }
            if (source.startsWith("file:") && source.length() == "file:".length()) {
                throw fault(Setting.SOURCE, "file: needs a path, e.g. file:/home/pi/dog.wav");
            }
            int buffer = integer(Setting.MIC_BUFFER_MS, 100, 10_000);
            double speed = decimal(Setting.SPEED, 0, 1000);
            boolean loop = bool(Setting.LOOP);
            if (loop && speed != 1) {
                throw fault(
                        Setting.SPEED,
                        "a looping replay must run at real time (1): faster, its segments would be "
                                + "stamped in the future, which the hub refuses");
            }
            OptionalLong replayStart = replayStart(source, loop);
            Path spool = Path.of(required(Setting.SPOOL_DIR));
            long budget = size(Setting.SPOOL_BUDGET);
            if (budget < Spool.MIN_BUDGET_BYTES) {
                throw fault(Setting.SPOOL_BUDGET, "must be at least " + Spool.MIN_BUDGET_BYTES + " bytes (4 segments)");
            }
            int threshold;
            if (optional(Setting.SILENCE_AMPLITUDE) != null) {
                threshold = integer(Setting.SILENCE_AMPLITUDE, 0, AmplitudeStats.FULL_SCALE);
            } else {
                double dbfs = decimal(Setting.SILENCE_DBFS, -120, 0);
                threshold = AmplitudeStats.dbfsToAmplitude(dbfs);
            }
            int parallelism = integer(Setting.UPLOAD_PARALLELISM, 1, 16);
            long base = integer(Setting.BACKOFF_BASE_MS, 1, 3_600_000);
            long max = integer(Setting.BACKOFF_MAX_MS, 1, 3_600_000);
            if (max < base) {
                throw fault(
                        Setting.BACKOFF_MAX_MS,
                        "must not be below " + Setting.BACKOFF_BASE_MS.key() + " (" + base + ")");
            }
            int port = integer(Setting.STATUS_PORT, -1, 65_535);
            String bind = required(Setting.STATUS_BIND);
            long tolerance = integer(Setting.DRIFT_TOLERANCE_MS, 10, 5_000);
            int wait = integer(Setting.STATE_WAIT_S, 0, 300);
            return new EdgeConfig(
                    hub,
                    token,
                    trustCert,
                    source,
                    values.containsKey(Setting.MIC_DEVICE)
                            ? values.get(Setting.MIC_DEVICE).text()
                            : "",
                    buffer,
                    speed,
                    loop,
                    replayStart,
                    spool,
                    budget,
                    threshold,
                    parallelism,
                    Duration.ofMillis(base),
                    Duration.ofMillis(max),
                    port,
                    bind,
                    tolerance,
                    wait);
        }

        private URI hub() {
            String text = required(Setting.HUB_URL);
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                    throw fault(Setting.HUB_URL, "must be an http(s) URL such as https://hub.local:8443");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw fault(Setting.HUB_URL, "not a URL: " + e.getMessage());
            }
        }

        private String token() {
            String token = optional(Setting.HUB_TOKEN);
            String file = optional(Setting.HUB_TOKEN_FILE);
            if (token == null && file != null) {
                try {
                    token = Files.readString(Path.of(file), StandardCharsets.UTF_8)
                            .trim();
                } catch (IOException e) {
                    throw fault(Setting.HUB_TOKEN_FILE, "cannot read: " + e.getMessage());
                }
                if (token.isEmpty()) {
                    throw fault(Setting.HUB_TOKEN_FILE, "file is empty");
                }
            }
            if (token == null || token.isBlank()) {
                throw new ConfigException("no device token: set " + Setting.HUB_TOKEN.key() + " or "
                        + Setting.HUB_TOKEN_FILE.key() + " (flags --token/--token-file, environment "
                        + Setting.HUB_TOKEN.env() + ")");
            }
            return token;
        }

        /** {@code replay.start}: epoch ms or an ISO-8601 instant, in the past, for a file that does not loop. */
        private OptionalLong replayStart(String source, boolean loop) {
            String text = optional(Setting.REPLAY_START);
            if (text == null) {
                return OptionalLong.empty();
            }
            if (!source.startsWith("file:")) {
                throw fault(Setting.REPLAY_START, "only a file replay (source file:<path.wav>) has a start of its own");
            }
            if (loop) {
                throw fault(
                        Setting.REPLAY_START,
                        "a looping replay never ends, so it cannot be stamped from a time; turn " + Setting.LOOP.key()
                                + " off");
            }
            long ms;
            if (text.matches("[0-9]{1,15}")) {
                ms = Long.parseLong(text);
            } else {
                try {
                    ms = Instant.parse(text).toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw fault(
                            Setting.REPLAY_START,
                            "not an ISO-8601 instant (e.g. 2026-03-03T18:30:00Z or 2026-03-03T19:30:00+01:00) or UTC"
                                    + " epoch milliseconds");
                }
            }
            if (ms < SegmentNames.EARLIEST_START_MS) {
                throw fault(Setting.REPLAY_START, "is before 2000-01-01, which the hub refuses");
            }
            if (ms > System.currentTimeMillis()) {
                throw fault(Setting.REPLAY_START, "is in the future; a recording lies in the past");
            }
            return OptionalLong.of(ms);
        }

        private String optional(Setting s) {
            SettingValue v = values.get(s);
            return v == null || v.text().isEmpty() ? null : v.text();
        }

        private String required(Setting s) {
            String v = optional(s);
            if (v == null) {
                throw new ConfigException(
                        "missing setting " + s.key() + " (flag " + s.flag() + ", environment " + s.env() + ")");
            }
            return v;
        }

        private int integer(Setting s, int min, int max) {
            String v = required(s);
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw fault(s, "must be between " + min + " and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw fault(s, "not a whole number");
            }
        }

        private double decimal(Setting s, double min, double max) {
            String v = required(s);
            try {
                double d = Double.parseDouble(v);
                if (!(d >= min && d <= max)) {
                    throw fault(s, "must be between " + min + " and " + max);
                }
                return d;
            } catch (NumberFormatException e) {
                throw fault(s, "not a number");
            }
        }

        private boolean bool(Setting s) {
            String v = required(s).toLowerCase(Locale.ROOT);
            return switch (v) {
                case "true", "yes", "1", "on" -> true;
                case "false", "no", "0", "off" -> false;
                default -> throw fault(s, "must be true or false");
            };
        }

        private long size(Setting s) {
            try {
                return parseSize(required(s));
            } catch (IllegalArgumentException e) {
                throw fault(s, e.getMessage());
            }
        }

        private ConfigException fault(Setting s, String why) {
            SettingValue v = values.get(s);
            return new ConfigException(s.key() + "='" + (v == null ? "" : v.text()) + "' (from "
                    + (v == null ? "default" : v.origin()) + "): " + why);
        }
    }
}

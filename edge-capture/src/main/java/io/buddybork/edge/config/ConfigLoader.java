package io.buddybork.edge.config;

import io.buddybork.edge.spool.Spool;
import io.buddybork.model.AmplitudeStats;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link EdgeConfig} from defaults, the properties file, environment variables and
 * flags, in that order of increasing precedence, and validates every value with a message naming
 * the setting and where its value came from.
 */
public final class ConfigLoader {
    /** Properties file read when {@code --config} is not given. */
    public static final String DEFAULT_FILE = "/etc/buddybork/edge.properties";
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)\\s*");

    private ConfigLoader() {
    }

    /** Loads the configuration for {@code args} with the process environment. */
    public static EdgeConfig load(Arguments args) {
        return load(args, System.getenv());
    }

    /**
     * Loads the configuration. A config file named explicitly (flag or
     * {@code BUDDYBORK_EDGE_CONFIG}) must exist; the default one is optional.
     */
    public static EdgeConfig load(Arguments args, Map<String, String> env) {
        String named = args.configFile() != null ? args.configFile() : env.get("BUDDYBORK_EDGE_CONFIG");
        Path file = Path.of(named != null ? named : DEFAULT_FILE);
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<Setting, String> origin = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            if (s.defaultValue() != null) {
                values.put(s, s.defaultValue());
                origin.put(s, "default");
            }
        }
        if (Files.exists(file) && !Files.isDirectory(file)) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            for (String key : props.stringPropertyNames()) {
                Setting s = byKey(key);
                if (s == null) {
                    throw new ConfigException("unknown setting '" + key + "' in " + file + " (see --help)");
                }
                values.put(s, props.getProperty(key).trim());
                origin.put(s, file.toString());
            }
        } else if (named != null) {
            throw new ConfigException("config file " + file + " does not exist");
        }
        for (Setting s : Setting.values()) {
            String v = env.get(s.env());
            if (v != null) {
                values.put(s, v.trim());
                origin.put(s, "environment " + s.env());
            }
        }
        for (Map.Entry<Setting, String> flag : args.flags().entrySet()) {
            values.put(flag.getKey(), flag.getValue().trim());
            origin.put(flag.getKey(), "flag " + flag.getKey().flag());
        }
        return new Values(values, origin).build();
    }

    private static Setting byKey(String key) {
        for (Setting s : Setting.values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
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
        private final Map<Setting, String> values;
        private final Map<Setting, String> origin;

        Values(Map<Setting, String> values, Map<Setting, String> origin) {
            this.values = values;
            this.origin = origin;
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
                throw fault(Setting.SPEED, "a looping replay must run at real time (1): faster, its segments would be "
                        + "stamped in the future, which the hub refuses");
            }
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
                throw fault(Setting.BACKOFF_MAX_MS, "must not be below " + Setting.BACKOFF_BASE_MS.key() + " (" + base + ")");
            }
            int port = integer(Setting.STATUS_PORT, -1, 65_535);
            String bind = required(Setting.STATUS_BIND);
            long tolerance = integer(Setting.DRIFT_TOLERANCE_MS, 10, 5_000);
            int wait = integer(Setting.STATE_WAIT_S, 0, 300);
            return new EdgeConfig(hub, token, trustCert, source, values.getOrDefault(Setting.MIC_DEVICE, ""), buffer,
                    speed, loop, spool, budget, threshold, parallelism, Duration.ofMillis(base), Duration.ofMillis(max),
                    port, bind, tolerance, wait);
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
                    token = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
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

        private String optional(Setting s) {
            String v = values.get(s);
            return v == null || v.isEmpty() ? null : v;
        }

        private String required(Setting s) {
            String v = optional(s);
            if (v == null) {
                throw new ConfigException("missing setting " + s.key() + " (flag " + s.flag() + ", environment "
                        + s.env() + ")");
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
            return new ConfigException(s.key() + "='" + values.get(s) + "' (from " + origin.get(s) + "): " + why);
        }
    }
}

package io.buddybork.edge.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's default values for settings not given as flags: the environment variable, else the
 * properties file (the one the systemd unit names with {@code BUDDYBORK_EDGE_CONFIG}, or
 * {@code --config}, or {@link #DEFAULT_FILE}), else the setting's built-in default. Remembers
 * where each value came from. The file is read at most once, on first use, after the flags were
 * parsed (picocli applies defaults last), so {@code --config} is known by then. A faulty file does
 * not stop {@code --help} or {@code --list-devices}: the fault is kept and reported by
 * {@link #throwFault} when the settings are actually used. Not thread-safe; one per parse.
 */
final class SettingsDefaultProvider implements IDefaultValueProvider {
    /** Properties file read when neither {@code --config} nor {@code BUDDYBORK_EDGE_CONFIG} names one. */
    static final String DEFAULT_FILE = "/etc/buddybork/edge.properties";
    /** Environment variable naming the properties file (set by the systemd unit). */
    static final String CONFIG_ENV = "BUDDYBORK_EDGE_CONFIG";

    private final Map<String, String> env;
    private final Map<Setting, String> origins = new EnumMap<>(Setting.class);
    private CommandSpec spec;
    private Properties file;
    private Path filePath;
    private ConfigException fault;

    SettingsDefaultProvider(Map<String, String> env) {
        this.env = env;
    }

    void attach(CommandSpec commandSpec) {
        this.spec = commandSpec;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        Setting setting = Setting.byFlag(option.longestName());
        if (setting == null) {
            return null;
        }
        String fromEnv = env.get(setting.env());
        if (fromEnv != null) {
            origins.put(setting, "environment " + setting.env());
            return fromEnv;
        }
        Properties props = file();
        String fromFile = props.getProperty(setting.key());
        if (fromFile != null) {
            origins.put(setting, filePath.toString());
            return fromFile;
        }
        if (setting.defaultValue() != null) {
            origins.put(setting, "default");
        }
        return setting.defaultValue();
    }

    /** Where the default value of {@code setting} came from. */
    String originOf(Setting setting) {
        return origins.getOrDefault(setting, "default");
    }

    /** Throws the properties file's fault, if reading it failed. */
    void throwFault() {
        file(); // read even when the environment supplied every value, so a broken file is never ignored
        if (fault != null) {
            throw fault;
        }
    }

    private Properties file() {
        if (file != null) {
            return file;
        }
        file = new Properties();
        Object flag =
                spec == null ? null : spec.findOption(EdgeCommandLine.CONFIG).getValue();
        String named = flag != null ? flag.toString() : env.get(CONFIG_ENV);
        filePath = Path.of(named != null ? named : DEFAULT_FILE);
        if (Files.exists(filePath) && !Files.isDirectory(filePath)) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(filePath, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException | IllegalArgumentException e) {
                fault = new ConfigException("cannot read config file " + filePath + ": " + e.getMessage());
                return file;
            }
            for (String key : props.stringPropertyNames()) {
                if (Setting.byKey(key) == null) {
                    fault = new ConfigException("unknown setting '" + key + "' in " + filePath + " (see --help)");
                    return file;
                }
            }
            file = props;
        } else if (named != null) {
            fault = new ConfigException("config file " + filePath + " does not exist");
        }
        return file;
    }
}

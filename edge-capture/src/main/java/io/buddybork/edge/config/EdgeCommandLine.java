package io.buddybork.edge.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The agent's command line, parsed by picocli: one option per {@link Setting} plus the action
 * switches. Values of settings not given as flags come from {@link SettingsDefaultProvider} (the
 * environment, then the properties file the systemd unit names, then the built-in default), so
 * every value arrives with where it came from. Stateless; each {@link #parse} builds its own spec.
 */
public final class EdgeCommandLine {
    static final String CONFIG = "--config";
    static final String CHECK = "--check";
    static final String LIST_DEVICES = "--list-devices";
    static final String GENERATE_DEMO = "--generate-demo";
    static final String DEMO_SECONDS = "--demo-seconds";
    static final String HELP = "--help";
    static final String VERSION = "--version";

    /** What the agent was asked to do. */
    public enum Action {
        RUN,
        CHECK,
        LIST_DEVICES,
        GENERATE_DEMO,
        HELP,
        VERSION
    }

    /**
     * One parsed command line.
     *
     * @param action what to do
     * @param demoFile output of {@code --generate-demo}, or null
     * @param demoSeconds length of the generated demo audio
     * @param settings every setting's value and origin; reading it reports a faulty properties file
     */
    public record Invocation(Action action, String demoFile, int demoSeconds, Settings settings) {}

    /** Setting values with their origins, or the fault that prevented reading them. */
    public static final class Settings {
        private final Map<Setting, SettingValue> values;
        private final SettingsDefaultProvider defaults;

        Settings(Map<Setting, SettingValue> values, SettingsDefaultProvider defaults) {
            this.values = values;
            this.defaults = defaults;
        }

        /**
         * Every setting that has a value, with its origin.
         *
         * @throws ConfigException when the properties file is missing (named explicitly), unreadable or
         *     holds an unknown key
         */
        public Map<Setting, SettingValue> values() {
            defaults.throwFault();
            return values;
        }
    }

    private EdgeCommandLine() {}

    /** Parses {@code args} with the process environment. */
    public static Invocation parse(String... args) {
        return parse(System.getenv(), args);
    }

    /**
     * Parses {@code args}; {@code env} stands for the process environment.
     *
     * @throws ConfigException naming the unknown option, the missing value or the bad number
     */
    public static Invocation parse(Map<String, String> env, String... args) {
        SettingsDefaultProvider defaults = new SettingsDefaultProvider(env);
        CommandSpec spec = spec(defaults);
        defaults.attach(spec);
        ParseResult result;
        try {
            result = new CommandLine(spec).parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            List<String> unmatched = e.getUnmatched();
            String first = unmatched.isEmpty() ? "?" : unmatched.get(0);
            throw new ConfigException(
                    (first.startsWith("-") ? "unknown option '" : "unexpected argument '") + first + "' (see --help)");
        } catch (CommandLine.MissingParameterException e) {
            String flag = e.getMissing().isEmpty() || !(e.getMissing().get(0) instanceof OptionSpec o)
                    ? "an option"
                    : o.longestName();
            throw new ConfigException(flag + " needs a value");
        } catch (ParameterException e) {
            if (e.getCause() instanceof ConfigException c) {
                throw c;
            }
            throw new ConfigException(e.getMessage());
        }
        Map<Setting, SettingValue> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String text = spec.findOption(s.flag()).getValue();
            if (text != null) {
                String origin = result.hasMatchedOption(s.flag()) ? "flag " + s.flag() : defaults.originOf(s);
                values.put(s, new SettingValue(text.trim(), origin));
            }
        }
        return new Invocation(
                action(result),
                result.matchedOptionValue(GENERATE_DEMO, null),
                demoSeconds(result),
                new Settings(values, defaults));
    }

    /** The {@code --help} text. */
    public static String usage() {
        return new CommandLine(spec(new SettingsDefaultProvider(Map.of()))).getUsageMessage();
    }

    private static Action action(ParseResult result) {
        if (result.isUsageHelpRequested()) {
            return Action.HELP;
        }
        if (result.isVersionHelpRequested()) {
            return Action.VERSION;
        }
        if (result.hasMatchedOption(GENERATE_DEMO)) {
            return Action.GENERATE_DEMO;
        }
        if (result.hasMatchedOption(LIST_DEVICES)) {
            return Action.LIST_DEVICES;
        }
        return result.hasMatchedOption(CHECK) ? Action.CHECK : Action.RUN;
    }

    private static int demoSeconds(ParseResult result) {
        String text = result.matchedOptionValue(DEMO_SECONDS, "60");
        int seconds;
        try {
            seconds = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(DEMO_SECONDS + " needs a whole number of seconds, got '" + text + "'");
        }
        if (seconds < 3 || seconds > 3600) {
            throw new ConfigException(DEMO_SECONDS + " must be between 3 and 3600, got " + seconds);
        }
        return seconds;
    }

    private static CommandSpec spec(SettingsDefaultProvider defaults) {
        CommandSpec spec = CommandSpec.create().name("edge-capture");
        spec.usageMessage()
                .synopsisHeading("")
                .sortOptions(false)
                .customSynopsis(
                        "Usage: java -jar edge-capture.jar [options]          capture and upload (the service)",
                        "       java -jar edge-capture.jar --check [options]  validate config, open the microphone, reach the hub",
                        "       java -jar edge-capture.jar --list-devices     list capture devices",
                        "       java -jar edge-capture.jar --generate-demo FILE.wav [--demo-seconds 60]",
                        "")
                .description(
                        "Settings come from the properties file (--config, environment BUDDYBORK_EDGE_CONFIG, default "
                                + SettingsDefaultProvider.DEFAULT_FILE
                                + "), overridden by environment variables, overridden by "
                                + "flags. Each setting below shows its flag, its property key and its environment variable.",
                        "")
                .width(110)
                .footer(
                        "",
                        "With a file: source the agent exits 0 once the whole file was captured and the spool drained.");
        // No ${DEFAULT-VALUE} in descriptions: it would make --help read the environment and the file.
        for (Setting s : Setting.values()) {
            OptionSpec.Builder option = OptionSpec.builder(s.flag())
                    .type(String.class)
                    .paramLabel("V")
                    .description(
                            s.help()
                                    + (s.defaultValue() == null
                                                    || s.defaultValue().isEmpty()
                                            ? ""
                                            : " [default " + s.defaultValue() + "]"),
                            s.key() + ", " + s.env());
            if (s.isSwitch()) {
                option.arity("0..1").fallbackValue("true").paramLabel("true|false");
            }
            spec.addOption(option.build());
        }
        spec.addOption(OptionSpec.builder(CONFIG)
                .type(String.class)
                .paramLabel("FILE")
                .description("properties file to read (BUDDYBORK_EDGE_CONFIG; default "
                        + SettingsDefaultProvider.DEFAULT_FILE + ", optional)")
                .build());
        spec.addOption(OptionSpec.builder(CHECK)
                .arity("0")
                .description("validate the configuration, open the microphone or file, reach the hub; exit 0 or 1")
                .build());
        spec.addOption(OptionSpec.builder(LIST_DEVICES)
                .arity("0")
                .description("list capture devices")
                .build());
        spec.addOption(OptionSpec.builder(GENERATE_DEMO)
                .type(String.class)
                .paramLabel("FILE.wav")
                .description("write synthetic demo audio to FILE.wav")
                .build());
        spec.addOption(OptionSpec.builder(DEMO_SECONDS)
                .type(String.class)
                .paramLabel("S")
                .description("length of the generated demo audio, 3-3600 [default 60]")
                .build());
        spec.addOption(OptionSpec.builder(HELP, "-h")
                .usageHelp(true)
                .description("show this help")
                .build());
        spec.addOption(OptionSpec.builder(VERSION)
                .versionHelp(true)
                .description("show the version")
                .build());
        spec.defaultValueProvider(defaults);
        return spec;
    }
}

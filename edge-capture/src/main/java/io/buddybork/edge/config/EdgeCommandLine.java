package io.buddybork.edge.config;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The agent's command line, parsed by picocli: the action switches are the typed, annotated
 * options of {@link Options} (as the recognition CLI and the hub jar declare theirs), and one
 * option per {@link Setting} is added from that enum. Setting values stay text here because each
 * must be reported with where it came from (flag, environment, properties file, default), which a
 * picocli converter cannot see: {@link ConfigLoader} turns them into typed values and names the
 * origin of a bad one. Values of settings not given as flags come from
 * {@link SettingsDefaultProvider}. Stateless; each {@link #parse} builds its own spec.
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

    /** The options that are not settings: what to do, and the properties file to read. */
    @Command(
            name = "edge-capture",
            synopsisHeading = "",
            sortOptions = false,
            usageHelpWidth = 110,
            customSynopsis = {
                "Usage: java -jar edge-capture.jar [options]          capture and upload (the service)",
                "       java -jar edge-capture.jar --check [options]  validate config, open the microphone, reach the hub",
                "       java -jar edge-capture.jar --list-devices     list capture devices",
                "       java -jar edge-capture.jar --generate-demo FILE.wav [--demo-seconds 60]",
                ""
            },
            description = {
                "Settings come from the properties file (--config, environment BUDDYBORK_EDGE_CONFIG, default "
                        + SettingsDefaultProvider.DEFAULT_FILE
                        + "), overridden by environment variables, overridden by "
                        + "flags. Each setting below shows its flag, its property key and its environment variable.",
                ""
            },
            footer = {
                "",
                "With a file: source the agent exits 0 once the whole file was captured and the spool drained."
            })
    static final class Options {
        @Option(
                names = CONFIG,
                paramLabel = "FILE",
                description = "properties file to read (BUDDYBORK_EDGE_CONFIG; default "
                        + SettingsDefaultProvider.DEFAULT_FILE + ", optional)")
        Path config;

        @Option(
                names = CHECK,
                description = "validate the configuration, open the microphone or file, reach the hub; exit 0 or 1")
        boolean check;

        @Option(names = LIST_DEVICES, description = "list capture devices")
        boolean listDevices;

        @Option(names = GENERATE_DEMO, paramLabel = "FILE.wav", description = "write synthetic demo audio to FILE.wav")
        Path demoFile;

        @Option(
                names = DEMO_SECONDS,
                paramLabel = "S",
                defaultValue = "60",
                converter = DemoSeconds.class,
                description = "length of the generated demo audio, 3-3600 [default 60]")
        int demoSeconds;

        @Option(
                names = {HELP, "-h"},
                usageHelp = true,
                description = "show this help")
        boolean help;

        @Option(names = VERSION, versionHelp = true, description = "show the version")
        boolean version;
    }

    /** {@code --demo-seconds}: a whole number of seconds from 3 to 3600. */
    static final class DemoSeconds implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int seconds;
            try {
                seconds = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(
                        DEMO_SECONDS + " needs a whole number of seconds, got '" + text + "'");
            }
            if (seconds < 3 || seconds > 3600) {
                throw new CommandLine.TypeConversionException(
                        DEMO_SECONDS + " must be between 3 and 3600, got " + seconds);
            }
            return seconds;
        }
    }

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
        Options options = new Options();
        CommandSpec spec = spec(options, defaults);
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
            if (e.getCause() instanceof CommandLine.TypeConversionException c) {
                throw new ConfigException(c.getMessage());
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
                action(options),
                options.demoFile == null ? null : options.demoFile.toString(),
                options.demoSeconds,
                new Settings(values, defaults));
    }

    /** The {@code --help} text. */
    public static String usage() {
        return new CommandLine(spec(new Options(), new SettingsDefaultProvider(Map.of()))).getUsageMessage();
    }

    private static Action action(Options options) {
        if (options.help) {
            return Action.HELP;
        }
        if (options.version) {
            return Action.VERSION;
        }
        if (options.demoFile != null) {
            return Action.GENERATE_DEMO;
        }
        if (options.listDevices) {
            return Action.LIST_DEVICES;
        }
        return options.check ? Action.CHECK : Action.RUN;
    }

    private static CommandSpec spec(Options options, SettingsDefaultProvider defaults) {
        CommandSpec spec = CommandSpec.forAnnotatedObject(options);
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
        spec.defaultValueProvider(defaults);
        return spec;
    }
}

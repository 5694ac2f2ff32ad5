package io.buddybork.edge.config;

import java.util.EnumMap;
import java.util.Map;

/**
 * The parsed command line: an action, the settings given as flags, and the config file to read.
 *
 * @param action what to do
 * @param flags settings given on the command line
 * @param configFile properties file named by {@code --config}, or null for the default
 * @param demoFile output of {@code --generate-demo}
 * @param demoSeconds length of the generated demo audio
 */
public record Arguments(Action action, Map<Setting, String> flags, String configFile, String demoFile, int demoSeconds) {

    /** What the agent was asked to do. */
    public enum Action { RUN, CHECK, LIST_DEVICES, GENERATE_DEMO, HELP, VERSION }

    /**
     * Parses {@code --flag value}, {@code --flag=value} and the action switches.
     *
     * @throws ConfigException naming the unknown flag or the missing value
     */
    public static Arguments parse(String... args) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        Action action = Action.RUN;
        String config = null;
        String demoFile = null;
        int demoSeconds = 60;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> action = Action.HELP;
                case "--version" -> action = Action.VERSION;
                case "--check" -> action = Action.CHECK;
                case "--list-devices" -> action = Action.LIST_DEVICES;
                case "--generate-demo" -> {
                    action = Action.GENERATE_DEMO;
                    demoFile = inline != null ? inline : value(args, ++i, name);
                }
                case "--demo-seconds" -> {
                    String text = inline != null ? inline : value(args, ++i, name);
                    try {
                        demoSeconds = Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        throw new ConfigException("--demo-seconds needs a whole number of seconds, got '" + text + "'");
                    }
                    if (demoSeconds < 3 || demoSeconds > 3600) {
                        throw new ConfigException("--demo-seconds must be between 3 and 3600, got " + demoSeconds);
                    }
                }
                case "--config" -> config = inline != null ? inline : value(args, ++i, name);
                default -> {
                    Setting setting = bySetting(name);
                    if (setting == null) {
                        throw new ConfigException("unknown option '" + arg + "' (see --help)");
                    }
                    if (setting.isSwitch() && inline == null) {
                        flags.put(setting, "true");
                    } else {
                        flags.put(setting, inline != null ? inline : value(args, ++i, name));
                    }
                }
            }
        }
        return new Arguments(action, flags, config, demoFile, demoSeconds);
    }

    private static Setting bySetting(String flag) {
        for (Setting s : Setting.values()) {
            if (s.flag().equals(flag)) {
                return s;
            }
        }
        return null;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new ConfigException(flag + " needs a value");
        }
        return args[i];
    }

    /** The usage text. */
    public static String usage() {
        StringBuilder out = new StringBuilder();
        out.append("Usage: java -jar edge-capture.jar [options]          capture and upload (the service)\n")
                .append("       java -jar edge-capture.jar --check [options]  validate config, open the microphone, reach the hub\n")
                .append("       java -jar edge-capture.jar --list-devices     list capture devices\n")
                .append("       java -jar edge-capture.jar --generate-demo FILE.wav [--demo-seconds 60]\n\n")
                .append("Settings come from the properties file (--config, default ").append(ConfigLoader.DEFAULT_FILE)
                .append("), overridden by environment variables, overridden by flags:\n\n");
        for (Setting s : Setting.values()) {
            out.append(String.format("  %-24s %-28s %-30s%n      %s%s%n", s.flag() + (s.isSwitch() ? "" : " V"), s.key(),
                    s.env(), s.help(), s.defaultValue() == null || s.defaultValue().isEmpty() ? ""
                            : " [default " + s.defaultValue() + "]"));
        }
        out.append("\nWith a file: source the agent exits 0 once the whole file was captured and the spool drained.\n");
        return out.toString();
    }
}

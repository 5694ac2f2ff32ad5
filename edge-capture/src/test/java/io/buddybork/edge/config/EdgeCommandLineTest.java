package io.buddybork.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The picocli command line: options, actions, the help text and where each setting's value came from. */
class EdgeCommandLineTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path file = dir.resolve("edge.properties");
        Files.writeString(file, text);
        return file;
    }

    private static EdgeCommandLine.Invocation parse(Map<String, String> env, String... args) {
        return EdgeCommandLine.parse(env, args);
    }

    private static EdgeConfig load(Map<String, String> env, String... args) {
        return ConfigLoader.load(EdgeCommandLine.parse(env, args));
    }

    @Test
    void unknownFlagsAndMissingValuesAreRefused() {
        assertThatThrownBy(() -> parse(Map.of(), "--hubb", "x")).hasMessageContaining("unknown option '--hubb'");
        assertThatThrownBy(() -> parse(Map.of(), "--hub")).hasMessageContaining("--hub needs a value");
        assertThatThrownBy(() -> parse(Map.of(), "--hub", "--check")).hasMessageContaining("--hub needs a value");
        assertThatThrownBy(() -> parse(Map.of(), "stray")).hasMessageContaining("unexpected argument 'stray'");
        assertThat(parse(Map.of(), "--check").action()).isEqualTo(EdgeCommandLine.Action.CHECK);
        assertThat(parse(Map.of(), "--list-devices").action()).isEqualTo(EdgeCommandLine.Action.LIST_DEVICES);
        assertThat(parse(Map.of(), "--config", "/dev/null", "--hub=https://h")
                        .settings()
                        .values())
                .containsEntry(Setting.HUB_URL, new SettingValue("https://h", "flag --hub"));
        assertThat(parse(Map.of(), "--config", "/dev/null", "--silence-dbfs", "-30")
                        .settings()
                        .values())
                .containsEntry(Setting.SILENCE_DBFS, new SettingValue("-30", "flag --silence-dbfs"));
    }

    @Test
    void theLoopSwitchStandsAloneOrTakesAValue() {
        assertThat(parse(Map.of(), "--config", "/dev/null", "--loop")
                        .settings()
                        .values()
                        .get(Setting.LOOP)
                        .text())
                .isEqualTo("true");
        assertThat(parse(Map.of(), "--config", "/dev/null", "--loop=false")
                        .settings()
                        .values()
                        .get(Setting.LOOP)
                        .text())
                .isEqualTo("false");
        assertThat(parse(Map.of(), "--config", "/dev/null").settings().values().get(Setting.LOOP))
                .isEqualTo(new SettingValue("false", "default"));
    }

    @Test
    void theSystemdUnitsPropertiesFileIsNamedByTheEnvironment() throws Exception {
        Path file = file("hub.url=https://from-unit-file:8443\nhub.token=t\n");
        EdgeCommandLine.Invocation invocation = parse(Map.of("BUDDYBORK_EDGE_CONFIG", file.toString()), "--check");
        assertThat(invocation.settings().values())
                .containsEntry(Setting.HUB_URL, new SettingValue("https://from-unit-file:8443", file.toString()));
        assertThat(ConfigLoader.load(invocation).hub().toString()).isEqualTo("https://from-unit-file:8443");
    }

    @Test
    void aBrokenPropertiesFileDoesNotStopHelpOrListDevicesButStopsTheAgent() throws Exception {
        Path unknown = file("hub.urll=x\n");
        assertThat(parse(Map.of(), "--config", unknown.toString(), "--help").action())
                .isEqualTo(EdgeCommandLine.Action.HELP);
        EdgeCommandLine.Invocation list = parse(Map.of(), "--config", unknown.toString(), "--list-devices");
        assertThat(list.action()).isEqualTo(EdgeCommandLine.Action.LIST_DEVICES);
        assertThatThrownBy(() -> ConfigLoader.load(list)).hasMessageContaining("unknown setting 'hub.urll'");
        // even when the environment supplies every value the file would have
        assertThatThrownBy(() -> load(
                        Map.of("BUDDYBORK_HUB_URL", "http://h", "BUDDYBORK_HUB_TOKEN", "t"),
                        "--config",
                        unknown.toString()))
                .hasMessageContaining("unknown setting 'hub.urll'");
    }

    @Test
    void demoSecondsAreCheckedWithAClearMessage() {
        assertThat(parse(Map.of(), "--generate-demo", "/tmp/x.wav").demoSeconds())
                .isEqualTo(60);
        assertThat(parse(Map.of(), "--generate-demo", "/tmp/x.wav", "--demo-seconds", "90")
                        .demoFile())
                .isEqualTo("/tmp/x.wav");
        assertThatThrownBy(() -> parse(Map.of(), "--generate-demo", "x.wav", "--demo-seconds", "lots"))
                .hasMessageContaining("--demo-seconds needs a whole number");
        assertThatThrownBy(() -> parse(Map.of(), "--generate-demo", "x.wav", "--demo-seconds", "2"))
                .hasMessageContaining("between 3 and 3600");
    }

    @Test
    void everySettingHasAConsistentEnvironmentName() {
        assertThat(Setting.HUB_URL.env()).isEqualTo("BUDDYBORK_HUB_URL");
        assertThat(Setting.SPOOL_BUDGET.env()).isEqualTo("BUDDYBORK_SPOOL_BUDGET");
        assertThat(EdgeCommandLine.usage())
                .contains("--trust-cert")
                .contains("BUDDYBORK_HUB_TOKEN_FILE")
                .contains("hub.token-file")
                .contains("--check")
                .contains("--list-devices")
                .contains("--generate-demo")
                .contains("[default 2GiB]")
                .contains("BUDDYBORK_EDGE_CONFIG");
        for (Setting s : Setting.values()) {
            assertThat(EdgeCommandLine.usage()).as(s.key()).contains(s.flag()).contains(s.env());
        }
    }
}

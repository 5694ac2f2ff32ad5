package io.buddybork.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path file = dir.resolve("edge.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheFile() throws Exception {
        Path file = file("hub.url=https://from-file:8443\nhub.token=file-token\nspool.dir=/tmp/a\ngate.dbfs=-30\n");
        EdgeConfig config = load(
                Map.of("BUDDYBORK_HUB_URL", "https://from-env:8443", "BUDDYBORK_SPOOL_DIR", "/tmp/env"),
                "--config",
                file.toString(),
                "--spool",
                "/tmp/flag");
        assertThat(config.hub().toString()).isEqualTo("https://from-env:8443");
        assertThat(config.token()).isEqualTo("file-token");
        assertThat(config.spoolDir()).isEqualTo(Path.of("/tmp/flag"));
        assertThat(config.silenceThreshold()).isEqualTo(1036);
    }

    @Test
    void defaultsAreSafeAndTheRequiredCliWorks() {
        EdgeConfig config = load(
                Map.of(),
                "--hub",
                "https://hub:8443",
                "--token",
                "t",
                "--source",
                "file:/tmp/x.wav",
                "--speed",
                "10",
                "--spool",
                "/tmp/s",
                "--config",
                "/dev/null");
        assertThat(config.sourceFile()).isEqualTo(Path.of("/tmp/x.wav"));
        assertThat(config.speed()).isEqualTo(10.0);
        assertThat(config.silenceThreshold()).isEqualTo(328);
        assertThat(config.statusBind()).isEqualTo("127.0.0.1");
        assertThat(config.trustCert()).isNull();
        assertThat(config.summary()).doesNotContain("t,").contains("https://hub:8443");
    }

    @Test
    void aRawAmplitudeOverridesDbfs() {
        EdgeConfig config = load(
                Map.of(),
                "--hub",
                "http://h",
                "--token",
                "t",
                "--silence-amplitude",
                "1000",
                "--silence-dbfs",
                "-20",
                "--config",
                "/dev/null");
        assertThat(config.silenceThreshold()).isEqualTo(1000);
    }

    @Test
    void theTokenCanComeFromAFile() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "  s3cret\n");
        EdgeConfig config =
                load(Map.of(), "--hub", "http://h", "--token-file", token.toString(), "--config", "/dev/null");
        assertThat(config.token()).isEqualTo("s3cret");
    }

    @Test
    void errorsNameTheSettingAndWhereTheValueCameFrom() throws Exception {
        Path file = file("hub.url=https://h\nhub.token=t\nspool.budget=lots\n");
        assertThatThrownBy(() -> load(Map.of(), "--config", file.toString()))
                .hasMessageContaining("spool.budget='lots'")
                .hasMessageContaining(file.toString());
        assertThatThrownBy(() ->
                        load(Map.of(), "--config", file.toString(), "--spool-budget", "1GiB", "--status-port", "70000"))
                .hasMessageContaining("status.port='70000' (from flag --status-port)");
        assertThatThrownBy(() -> load(Map.of(), "--hub", "ftp://h", "--token", "t", "--config", "/dev/null"))
                .hasMessageContaining("hub.url");
        assertThatThrownBy(() -> load(Map.of(), "--hub", "http://h", "--config", "/dev/null"))
                .hasMessageContaining("no device token");
        assertThatThrownBy(
                        () -> load(Map.of(), "--config", dir.resolve("missing").toString()))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> load(
                        Map.of(),
                        "--hub",
                        "http://h",
                        "--token",
                        "t",
                        "--loop",
                        "--speed",
                        "5",
                        "--config",
                        "/dev/null"))
                .hasMessageContaining("real time");
        Path unknown = file("hub.urll=x\n");
        assertThatThrownBy(() -> load(Map.of(), "--config", unknown.toString()))
                .hasMessageContaining("unknown setting 'hub.urll'");
    }

    private static EdgeConfig load(Map<String, String> env, String... args) {
        return ConfigLoader.load(EdgeCommandLine.parse(env, args));
    }

    @Test
    void sizesAcceptBinaryUnits() {
        assertThat(ConfigLoader.parseSize("2GiB")).isEqualTo(2L << 30);
        assertThat(ConfigLoader.parseSize("512 MB")).isEqualTo(512L << 20);
        assertThat(ConfigLoader.parseSize("1048576")).isEqualTo(1L << 20);
    }

    private static EdgeConfig replay(String... extra) {
        String[] base = {"--hub", "http://h", "--token", "t", "--source", "file:/tmp/x.wav", "--config", "/dev/null"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return load(Map.of(), args);
    }

    @Test
    void aReplayStartIsAnIsoInstantOrEpochMilliseconds() {
        assertThat(replay().replayStartMs()).isEmpty();
        assertThat(replay("--replay-start", "2026-03-03T18:30:00Z").replayStartMs())
                .hasValue(java.time.Instant.parse("2026-03-03T18:30:00Z").toEpochMilli());
        // an offset is the owner's local time: the same instant as 17:30 UTC
        assertThat(replay("--replay-start=2026-03-03T18:30:00+01:00").replayStartMs())
                .hasValue(java.time.Instant.parse("2026-03-03T17:30:00Z").toEpochMilli());
        assertThat(replay("--replay-start", "1772562600000").replayStartMs()).hasValue(1_772_562_600_000L);
        assertThat(load(
                                Map.of("BUDDYBORK_REPLAY_START", "1772562600000"),
                                "--hub",
                                "http://h",
                                "--token",
                                "t",
                                "--source",
                                "file:/tmp/x.wav",
                                "--config",
                                "/dev/null")
                        .replayStartMs())
                .hasValue(1_772_562_600_000L);
        assertThat(replay("--replay-start", "2026-03-03T18:30:00Z").summary())
                .contains("stamped from 2026-03-03T18:30:00Z");
    }

    @Test
    void aReplayStartIsRefusedInTheFutureUnparsedForAMicrophoneOrWithLoop() {
        String future = java.time.Instant.now().plusSeconds(3600).toString();
        assertThatThrownBy(() -> replay("--replay-start", future))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("replay.start")
                .hasMessageContaining("future");
        assertThatThrownBy(() -> replay("--replay-start", "tuesday evening"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> replay("--replay-start", "1999-12-31T23:00:00Z"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("2000-01-01");
        assertThatThrownBy(() -> replay("--replay-start", "2026-03-03T18:30:00Z", "--loop"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("loop");
        assertThatThrownBy(() -> load(
                        Map.of(),
                        "--hub",
                        "http://h",
                        "--token",
                        "t",
                        "--replay-start",
                        "2026-03-03T18:30:00Z",
                        "--config",
                        "/dev/null"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("file");
    }
}

package io.buddybork.edge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.model.AmplitudeStats;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAudioTest {
    private static final int RATE = SegmentFormat.SAMPLE_RATE;

    @TempDir
    Path dir;

    @Test
    void theFileIsACanonicalWavOfTheSynthesisedSamplesAndTheSameForTheSameLength() throws Exception {
        Path first = dir.resolve("a.wav");
        Path second = dir.resolve("b.wav");
        DemoAudio.write(first, 65);
        DemoAudio.write(second, 65);

        byte[] bytes = Files.readAllBytes(first);
        assertThat(bytes).isEqualTo(Files.readAllBytes(second));
        assertThat(bytes).isEqualTo(WavCodec.encode(DemoAudio.synthesise(65), RATE));
        assertThat(WavCodec.decode(bytes).frames()).isEqualTo(65 * RATE);
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void aLongerFileBeginsWithTheWholeOfAShorterOne() {
        short[] shorter = DemoAudio.synthesise(59);
        short[] longer = DemoAudio.synthesise(121);

        assertThat(Arrays.copyOf(longer, shorter.length)).isEqualTo(shorter);
    }

    @Test
    void everyMinuteHasLoudStretchesAndRoomToneTheSilenceGateDrops() {
        short[] samples = DemoAudio.synthesise(120);
        int segments = samples.length / SegmentFormat.SEGMENT_FRAMES;
        List<Integer> quiet = new ArrayList<>();
        for (int k = 0; k < segments; k++) {
            int max = AmplitudeStats.maxAbs(samples, k * SegmentFormat.SEGMENT_FRAMES, SegmentFormat.SEGMENT_FRAMES);
            if (max < 200) {
                quiet.add(k);
            }
        }
        assertThat(quiet)
                .as("3 s stretches of room tone alone (peak under 200)")
                .isNotEmpty();
        assertThat(quiet)
                .as("quiet stretches in both minutes")
                .anyMatch(k -> k < 20)
                .anyMatch(k -> k >= 20);
        assertThat(segments - quiet.size()).as("loud stretches").isGreaterThanOrEqualTo(2 * 8);
    }

    /** The agent's own JVM options (systemd unit): the old in-memory synthesis ran out of heap at 90 s. */
    @Test
    void fiveMinutesAreWrittenInTheHeapTheAgentsSystemdUnitGivesIt() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(unitJvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.buddybork.edge.Main"));
        Path wav = dir.resolve("five-minutes.wav");
        command.addAll(List.of("--generate-demo", wav.toString(), "--demo-seconds", "300"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .start();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue())
                .as(Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8))
                .isZero();
        PcmAudio audio = WavCodec.decode(Files.readAllBytes(wav));
        assertThat(audio.frames()).isEqualTo(300 * RATE);
        assertThat(audio.samples()).isEqualTo(DemoAudio.synthesise(300));
    }

    /** The heap, GC and stack options of {@code systemd/buddybork-edge.service}'s ExecStart line. */
    private static List<String> unitJvmOptions() throws IOException {
        String unit = Files.readString(Path.of("..", "systemd", "buddybork-edge.service"));
        Matcher exec = Pattern.compile("(?m)^ExecStart=\\S+ (.*) -jar ").matcher(unit);
        assertThat(exec.find()).as("ExecStart with JVM options in:%n%s", unit).isTrue();
        List<String> options = List.of(exec.group(1).trim().split("\\s+"));
        assertThat(options).contains("-Xmx48m");
        return options;
    }
}

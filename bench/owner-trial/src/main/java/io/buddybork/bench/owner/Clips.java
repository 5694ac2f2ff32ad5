package io.buddybork.bench.owner;

import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.model.wav.WavFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The development clips ({@code meta.csv}: filename, category, src_file, take; {@code audio/*.wav}),
 * each cut into segments on the device's 3 s grid the way the edge agent would send them: segment
 * k holds the clip's audio from {@code k * 3 s}, the last one padded with digital silence to 3 s,
 * and a segment whose largest |sample| is under the edge's silence gate is not sent at all.
 * Immutable once loaded.
 */
final class Clips {

    private Clips() {}

    /** One 3 s segment of a clip: its offset in the clip, the WAV to upload, or null when the gate drops it. */
    record Segment(long offsetMs, byte[] wav, int maxAmp) {
        boolean sent() {
            return wav != null;
        }
    }

    /** A clip: file name, class, source recording, and its segments on the 3 s grid. */
    record Clip(String file, String category, String source, long durationMs, List<Segment> segments) {
        /** Grid slots the clip occupies (sent or not). */
        int slots() {
            return segments.size();
        }

        int sentSegments() {
            return (int) segments.stream().filter(Segment::sent).count();
        }
    }

    /** Every clip of {@code data}, by category (sorted), in {@code meta.csv} order within a category. */
    static Map<String, List<Clip>> load(Path data, int gate) throws IOException {
        Path meta = data.resolve("meta.csv");
        if (!Files.isRegularFile(meta)) {
            throw new IllegalArgumentException("no meta.csv in " + data.toAbsolutePath());
        }
        List<String> lines = Files.readAllLines(meta);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(meta + " is empty");
        }
        List<String> header = List.of(lines.get(0).trim().split(","));
        int file = column(header, "filename", meta);
        int category = column(header, "category", meta);
        int source = column(header, "src_file", meta);
        Map<String, List<Clip>> out = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(",");
            Path wav = data.resolve("audio").resolve(f[file]);
            out.computeIfAbsent(f[category], k -> new ArrayList<>()).add(clip(wav, f[category], f[source], gate));
        }
        return out;
    }

    private static int column(List<String> header, String name, Path meta) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(meta + " has no column " + name + " (header " + header + ")");
        }
        return i;
    }

    private static Clip clip(Path wav, String category, String source, int gate) throws IOException {
        PcmAudio audio;
        try {
            audio = WavCodec.decode(Files.readAllBytes(wav));
        } catch (WavFormatException e) {
            throw new IllegalArgumentException(wav + ": " + e.getMessage(), e);
        }
        if (audio.sampleRate() != SegmentFormat.SAMPLE_RATE) {
            throw new IllegalArgumentException(
                    wav + " is " + audio.sampleRate() + " Hz; segments are " + SegmentFormat.SAMPLE_RATE + " Hz");
        }
        short[] s = audio.samples();
        int frames = SegmentFormat.SEGMENT_FRAMES;
        int n = Math.max(1, (s.length + frames - 1) / frames);
        List<Segment> segments = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            short[] seg = new short[frames]; // zeros: digital silence after the clip's end
            int from = k * frames;
            int len = Math.min(frames, s.length - from);
            System.arraycopy(s, from, seg, 0, len);
            int max = 0;
            for (short v : seg) {
                max = Math.max(max, Math.abs((int) v));
            }
            byte[] body = max >= gate ? WavCodec.encode(seg, SegmentFormat.SAMPLE_RATE) : null;
            segments.add(new Segment(k * SegmentFormat.SEGMENT_MILLIS, body, max));
        }
        return new Clip(wav.getFileName().toString(), category, source, audio.durationMillis(), List.copyOf(segments));
    }
}

package io.buddybork.hub.annotate;

import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.security.WebConfig;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.model.wav.WavFormatException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Builds macro-segments: the 15 s of one device's audio around a moment, stitched from the
 * consecutive 3 s segments that overlap it, with gaps (nothing uploaded: silence) filled with
 * zeros and reported. The audio is made on demand and cached under {@code <data-dir>/tmp/macro}
 * for a short while, keyed by the window and the exact segments in it, so a segment arriving later
 * yields a fresh file. Cache files are written to a unique temp name and renamed, so readers never
 * see a partial file; {@link TempAssetCleaner} deletes old ones. Thread-safe.
 */
@ApplicationScoped
public class MacroSegmentService {
    private static final Logger LOG = Logger.getLogger(MacroSegmentService.class);

    private final AgroalDataSource dataSource;
    private final SegmentFiles files;
    private final WebConfig config;

    MacroSegmentService(AgroalDataSource dataSource, SegmentFiles files, WebConfig config) {
        this.dataSource = dataSource;
        this.files = files;
        this.config = config;
    }

    /** The window of {@code deviceId} centred on {@code centerMs}. */
    public MacroWindow around(long deviceId, long centerMs) {
        return window(deviceId, centerMs - windowMs() / 2);
    }

    /** The window of {@code deviceId} starting at {@code startMs}. */
    public MacroWindow window(long deviceId, long startMs) {
        if (startMs < 0) {
            throw ProblemException.badRequest("bad-window", "the window cannot start before 1970");
        }
        long endMs = startMs + windowMs();
        List<MacroWindow.Part> parts = segments(deviceId, startMs, endMs);
        return new MacroWindow(deviceId, startMs, endMs, SegmentFormat.SAMPLE_RATE,
                "/api/v1/macro/audio?deviceId=" + deviceId + "&startMs=" + startMs, parts, gaps(parts, startMs, endMs));
    }

    /** The window's audio as a WAV file (cached). */
    public Path audio(long deviceId, long startMs) {
        MacroWindow w = window(deviceId, startMs);
        Path dir = cacheDir();
        Path cached = dir.resolve(deviceId + "_" + startMs + "_" + fingerprint(w.segments()) + ".wav");
        try {
            if (Files.isRegularFile(cached)
                    && Files.getLastModifiedTime(cached).toMillis() > System.currentTimeMillis() - config.macro().cacheTtl().toMillis()) {
                return cached;
            }
            byte[] wav = stitch(w);
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + UUID.randomUUID() + ".tmp");
            Files.write(tmp, wav);
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return cached;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the macro-segment cache under " + dir, e);
        }
    }

    /** The directory of cached windows. */
    public Path cacheDir() {
        return files.dataRoot().resolve("tmp").resolve("macro");
    }

    private byte[] stitch(MacroWindow w) {
        int rate = SegmentFormat.SAMPLE_RATE;
        int frames = (int) (windowMs() * rate / 1000);
        short[] out = new short[frames];
        for (MacroWindow.Part part : w.segments()) {
            if (part.missing()) {
                continue;
            }
            PcmAudio pcm;
            try {
                pcm = WavCodec.decode(Files.readAllBytes(pathOf(part.id())));
            } catch (IOException | WavFormatException e) {
                LOG.warnf("segment %d cannot be read for a macro-segment: %s", part.id(), e.getMessage());
                continue;
            }
            if (pcm.sampleRate() != rate) {
                continue;
            }
            long offsetFrames = Math.round((part.startMs() - w.startMs()) * (double) rate / 1000);
            short[] src = pcm.samples();
            int from = (int) Math.max(0, -offsetFrames);
            int to = (int) Math.min(src.length, frames - offsetFrames);
            if (to > from) {
                System.arraycopy(src, from, out, (int) (offsetFrames + from), to - from);
            }
        }
        return WavCodec.encode(out, rate);
    }

    private Path pathOf(long rawId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select path from raw where id = ?")) {
            ps.setLong(1, rawId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IOException("segment " + rawId + " is gone");
                }
                return files.resolveStored(rs.getString(1));
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private List<MacroWindow.Part> segments(long deviceId, long startMs, long endMs) {
        // Segments are at most 10 s long, so any that overlaps the window starts at most 10 s before it.
        String sql = """
                select id, start_time, duration_ms, max_amp, path from raw
                where device_id = ? and start_time > ? and start_time < ?
                order by start_time""";
        List<MacroWindow.Part> parts = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, deviceId);
            ps.setTimestamp(2, Timestamp.from(Instant.ofEpochMilli(startMs - SegmentFormat.MAX_SEGMENT_MILLIS)));
            ps.setTimestamp(3, Timestamp.from(Instant.ofEpochMilli(endMs)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long s = rs.getTimestamp(2).toInstant().toEpochMilli();
                    int d = rs.getInt(3);
                    if (s + d <= startMs) {
                        continue;
                    }
                    boolean missing;
                    try {
                        missing = !Files.isRegularFile(files.resolveStored(rs.getString(5)));
                    } catch (IllegalArgumentException escapes) {
                        missing = true;
                    }
                    parts.add(new MacroWindow.Part(rs.getLong(1), s, d, rs.getInt(4), missing));
                }
            }
        } catch (SQLException e) {
            throw ProblemException.unavailable("database-unavailable", "cannot read segments: " + e.getMessage(), 5, e);
        }
        return parts;
    }

    static List<MacroWindow.Gap> gaps(List<MacroWindow.Part> parts, long startMs, long endMs) {
        List<MacroWindow.Gap> gaps = new ArrayList<>();
        long covered = startMs;
        for (MacroWindow.Part p : parts) {
            if (p.missing()) {
                continue;
            }
            if (p.startMs() > covered) {
                gaps.add(new MacroWindow.Gap(covered, Math.min(p.startMs(), endMs)));
            }
            covered = Math.max(covered, p.startMs() + p.durationMs());
            if (covered >= endMs) {
                break;
            }
        }
        if (covered < endMs) {
            gaps.add(new MacroWindow.Gap(covered, endMs));
        }
        return gaps;
    }

    private static String fingerprint(List<MacroWindow.Part> parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (MacroWindow.Part p : parts) {
                sha.update((p.id() + ":" + p.startMs() + ":" + p.durationMs() + ":" + p.missing() + ";")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private long windowMs() {
        return config.macro().window().toMillis();
    }
}

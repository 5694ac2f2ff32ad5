package io.buddybork.hub.annotate;

import io.buddybork.hub.device.DeviceRepository;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.ingest.SegmentRepository;
import io.buddybork.hub.problem.DatabaseFailures;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.ratelimit.PerUserRate;
import io.buddybork.hub.validation.PlausibleTime;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.model.wav.WavFormatException;
import io.buddybork.model.wire.ApiProblem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Builds macro-segments: the 15 s of one device's audio around a moment, stitched from the
 * consecutive 3 s segments that overlap it, with gaps (nothing uploaded: silence) filled with
 * zeros and reported. The audio is stitched in memory on demand (a few milliseconds: five segment
 * reads) and never written to disk, so requests cannot fill the data disk; recent windows are kept
 * in a {@link MacroAudioCache} bounded in bytes, keyed by the window and the exact segments in it
 * (a segment arriving later yields a fresh entry). Unknown devices are refused before any work,
 * and each user may fetch a bounded number of windows per minute. Thread-safe.
 */
@ApplicationScoped
public class MacroSegmentService {
    private static final Logger LOG = Logger.getLogger(MacroSegmentService.class);

    private final DeviceRepository devices;
    private final SegmentRepository segments;
    private final SegmentFiles files;
    private final MacroConfig config;
    private final MacroAudioCache cache;
    private final PerUserRate rate;

    MacroSegmentService(
            DeviceRepository devices,
            SegmentRepository segments,
            SegmentFiles files,
            MacroConfig config,
            MeterRegistry registry) {
        this.devices = devices;
        this.segments = segments;
        this.files = files;
        this.config = config;
        this.cache = new MacroAudioCache(config.cacheMaxBytes(), config.cacheTtl());
        this.rate = new PerUserRate(config.requestsPerMinute());
        Gauge.builder("buddybork.macro.cache.bytes", cache, MacroAudioCache::bytes)
                .description("bytes of stitched listening windows held in memory")
                .register(registry);
    }

    /** The window of {@code deviceId} centred on {@code centerMs}. */
    public MacroWindow around(long deviceId, long centerMs) {
        return window(deviceId, PlausibleTime.require("centerMs", centerMs) - windowMs() / 2);
    }

    /** The window of {@code deviceId} starting at {@code startMs}. */
    public MacroWindow window(long deviceId, long startMs) {
        PlausibleTime.require("startMs", startMs);
        requireDevice(deviceId);
        long endMs = startMs + windowMs();
        List<MacroWindow.Part> parts = segments(deviceId, startMs, endMs);
        return new MacroWindow(
                deviceId,
                startMs,
                endMs,
                SegmentFormat.SAMPLE_RATE,
                "/api/v1/macro/audio?deviceId=" + deviceId + "&startMs=" + startMs,
                parts,
                gaps(parts, startMs, endMs));
    }

    /**
     * The window's audio as WAV bytes for {@code user}: from the cache or stitched now; 429 when
     * the user asked for too many windows within the last minute.
     */
    public byte[] audio(String user, long deviceId, long startMs) {
        long retryAfter = rate.tryAcquire(user, System.nanoTime());
        if (retryAfter > 0) {
            throw new ProblemException(
                    ApiProblem.of(
                            429,
                            "too-many-macro-requests",
                            "Too many requests",
                            "at most " + config.requestsPerMinute() + " listening windows per minute"),
                    Map.of("Retry-After", Long.toString(retryAfter)),
                    null);
        }
        MacroWindow w = window(deviceId, startMs);
        String key = deviceId + "_" + startMs + "_" + fingerprint(w.segments());
        return cache.get(key, () -> stitch(w));
    }

    /** Bytes of audio held by the cache now (at most {@code buddybork.web.macro.cache-max-bytes}). */
    public long cachedBytes() {
        return cache.bytes();
    }

    private void requireDevice(long deviceId) {
        boolean known;
        try {
            known = devices.exists(deviceId);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("look up the device", e);
        }
        if (!known) {
            throw ProblemException.notFound("unknown-device", "no device with id " + deviceId);
        }
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
                pcm = WavCodec.decode(files.read(keyOf(part.id())));
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

    private String keyOf(long rawId) {
        try {
            return segments.path(rawId).orElseThrow(() -> new IOException("segment " + rawId + " is gone"));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private List<MacroWindow.Part> segments(long deviceId, long startMs, long endMs) {
        List<SegmentRepository.Stored> stored;
        try {
            // Segments are at most 10 s long, so any that overlaps the window starts at most 10 s before it.
            stored = segments.startingWithin(deviceId, startMs - SegmentFormat.MAX_SEGMENT_MILLIS, endMs);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read segments", e);
        }
        List<MacroWindow.Part> parts = new ArrayList<>();
        for (SegmentRepository.Stored s : stored) {
            if (s.startMs() + s.durationMs() <= startMs) {
                continue;
            }
            boolean missing;
            try {
                missing = !files.exists(s.path());
            } catch (IllegalArgumentException | IOException unreadable) {
                missing = true;
            }
            parts.add(new MacroWindow.Part(s.id(), s.startMs(), s.durationMs(), s.maxAmp(), missing));
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
        return config.window().toMillis();
    }
}

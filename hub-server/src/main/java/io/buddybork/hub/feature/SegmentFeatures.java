package io.buddybork.hub.feature;

import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.model.wav.WavFormatException;
import io.buddybork.recognition.cache.FeatureCache;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feature vectors of stored segments and of arbitrary audio, shared by training and live detection.
 * Vectors of stored segments are cached under {@code <data-dir>/features/<fingerprint>/}, keyed by
 * the segment's relative path (raw audio is immutable once acknowledged), so a segment is
 * featurised once per feature configuration however many trainings and models use it.
 *
 * <p>Thread-safe: extractors and caches are shared per feature configuration; the cache writes
 * entries atomically (not forced: they can be recomputed) and recomputes corrupt ones.
 */
@ApplicationScoped
public class SegmentFeatures {

    private final ConcurrentHashMap<String, FeatureExtractor> extractors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, FeatureCache> caches = new ConcurrentHashMap<>();

    @Inject
    SegmentFiles files;

    /** Root of the feature cache. */
    public Path cacheRoot() {
        return files.dataRoot().resolve("features");
    }

    /**
     * The vector of a stored segment ({@code relativePath} as in {@code raw.path}), from the cache
     * or computed and cached.
     *
     * @throws IOException when the segment's file cannot be read or is not a valid WAV
     */
    public float[] ofStored(String relativePath, FeatureConfig config) throws IOException {
        try {
            return cache(config).get("raw/" + relativePath, () -> {
                try {
                    PcmAudio audio = WavCodec.decode(files.read(relativePath));
                    return extractor(config).extract(audio.samples(), audio.sampleRate());
                } catch (IOException | WavFormatException e) {
                    throw new SegmentUnreadable(relativePath, e);
                }
            });
        } catch (SegmentUnreadable e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    /** The vector of audio that is not a stored segment (e.g. a stitched annotation window); not cached. */
    public float[] of(short[] pcm, int sampleRate, FeatureConfig config) {
        return extractor(config).extract(pcm, sampleRate);
    }

    /**
     * The vector of stitched audio under a caller-chosen cache key (e.g. device, start and end of an
     * annotation window plus the start times of the segments it was cut from), so that retraining
     * does not featurise the same window twice. The key must change whenever the audio would.
     */
    public float[] ofKeyed(String key, short[] pcm, int sampleRate, FeatureConfig config) {
        return cache(config).get("window/" + key, () -> extractor(config).extract(pcm, sampleRate));
    }

    /** Audio made on demand (read and stitched only when its vector is not cached). */
    @FunctionalInterface
    public interface AudioSource {
        /** The audio; an I/O failure means it cannot be made now. */
        PcmAudio read() throws IOException;
    }

    /**
     * Like {@link #ofKeyed} but reads the audio only on a cache miss, so a retraining whose
     * windows are all cached reads no WAV at all.
     *
     * @throws IOException when the audio is needed and cannot be read
     */
    public float[] ofKeyed(String key, AudioSource audio, FeatureConfig config) throws IOException {
        try {
            return cache(config).get("window/" + key, () -> {
                try {
                    PcmAudio pcm = audio.read();
                    return extractor(config).extract(pcm.samples(), pcm.sampleRate());
                } catch (IOException e) {
                    throw new SegmentUnreadable(key, e);
                }
            });
        } catch (SegmentUnreadable e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    /** The extractor of a feature configuration (shared, thread-safe). */
    public FeatureExtractor extractor(FeatureConfig config) {
        return extractors.computeIfAbsent(config.fingerprint(), k -> new FeatureExtractor(config));
    }

    private FeatureCache cache(FeatureConfig config) {
        return caches.computeIfAbsent(config.fingerprint(), k -> new FeatureCache(cacheRoot(), config));
    }

    /** Carries an I/O failure out of the cache's compute callback. */
    private static final class SegmentUnreadable extends RuntimeException {
        SegmentUnreadable(String path, Exception cause) {
            super("cannot read segment " + path + ": " + cause.getMessage(), cause);
        }
    }
}

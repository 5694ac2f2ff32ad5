package io.buddybork.hub.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.model.ModelFixtures;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.recognition.feature.FeatureConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Feature vectors of stored segments and of stitched audio, cached under the data root. */
@QuarkusTest
class SegmentFeaturesTest {

    @Inject
    SegmentFeatures features;

    @Inject
    SegmentFiles files;

    private String store(byte[] wav) throws IOException {
        String relative = "raw/featuretest/" + System.nanoTime() + ".wav";
        Path p = files.dataRoot().resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, wav);
        return relative;
    }

    @Test
    void aStoredSegmentIsFeaturisedOnceAndCachedUnderItsFeatureVersion() throws Exception {
        FeatureConfig config = FeatureConfig.defaults();
        byte[] wav = ModelFixtures.tone(7);
        String relative = store(wav);
        float[] first = features.ofStored(relative, config);
        PcmAudio pcm = WavCodec.decode(wav);
        assertThat(first)
                .hasSize(config.vectorLength())
                .containsExactly(features.of(pcm.samples(), pcm.sampleRate(), config));
        assertThat(features.cacheRoot().resolve(config.fingerprint())).isDirectory();
        // the cache answers even once the audio is gone
        Files.delete(files.dataRoot().resolve(relative));
        assertThat(features.ofStored(relative, config)).containsExactly(first);
    }

    @Test
    void keyedAudioIsReadOnlyOnACacheMiss() throws Exception {
        FeatureConfig config = FeatureConfig.defaults();
        AtomicInteger reads = new AtomicInteger();
        String key = "test/" + System.nanoTime();
        PcmAudio pcm = WavCodec.decode(ModelFixtures.noise(3));
        float[] a = features.ofKeyed(
                key,
                () -> {
                    reads.incrementAndGet();
                    return pcm;
                },
                config);
        float[] b = features.ofKeyed(
                key,
                () -> {
                    reads.incrementAndGet();
                    return pcm;
                },
                config);
        assertThat(reads).hasValue(1);
        assertThat(b).containsExactly(a);
        assertThat(features.ofKeyed("x" + key, pcm.samples(), SegmentFormat.SAMPLE_RATE, config))
                .containsExactly(a);
    }

    @Test
    void anUnreadableSegmentIsAnIOExceptionNamingIt() throws Exception {
        String relative = store("not a wav".getBytes());
        assertThatThrownBy(() -> features.ofStored(relative, FeatureConfig.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(relative);
        assertThatThrownBy(() -> features.ofKeyed(
                        "broken/" + System.nanoTime(),
                        () -> {
                            throw new IOException("gone");
                        },
                        FeatureConfig.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("gone");
    }
}

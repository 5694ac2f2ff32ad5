package io.buddybork.recognition.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.model.wav.PcmAudio;
import io.buddybork.recognition.cache.FeatureCache;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.TrainingSet;
import io.buddybork.recognition.testaudio.SyntheticSets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixAugmenterTest {

    private static final FeatureExtractor FX = new FeatureExtractor(FeatureConfig.statisticsOnly());
    private static final int RATE = SyntheticSets.RATE;
    private static TrainingSet set;
    private static List<MixAugmenter.Source> examples;
    private static List<MixAugmenter.Source> background;

    @BeforeAll
    static void data() {
        List<float[]> x = new ArrayList<>();
        examples = new ArrayList<>();
        background = new ArrayList<>();
        int[] labels = {0, 0, 1, 1, TrainingSet.BACKGROUND, TrainingSet.BACKGROUND};
        for (int i = 0; i < labels.length; i++) {
            short[] pcm = labels[i] >= 0 ? SyntheticSets.tagSound(labels[i], i) : SyntheticSets.background(i);
            x.add(FX.extract(pcm, RATE));
            MixAugmenter.Source s = new MixAugmenter.Source("clip" + i, new PcmAudio(RATE, pcm));
            examples.add(labels[i] >= 0 ? s : null);
            if (labels[i] < 0) {
                background.add(s);
            }
        }
        Instant[] times = new Instant[labels.length];
        Arrays.fill(times, Instant.parse("2026-05-01T08:00:00Z"));
        set = new TrainingSet(
                List.of("low_hum", "mid_pulse"),
                x.toArray(float[][]::new),
                labels,
                new int[] {0, 0, 1, 2, 3, 4},
                times);
    }

    private static ModelConfig mixes(int n) {
        return ModelConfig.defaults().withMixes(n, 0, 20, 6);
    }

    @Test
    void eachLabelledExampleGetsItsMixesWithItsTagGroupAndTime() {
        TrainingSet out = new MixAugmenter(FX, null, 1).augment(set, examples, background, mixes(3), 5);
        assertThat(out.size()).isEqualTo(set.size() + 4 * 3);
        for (int i = 0; i < set.size(); i++) {
            assertThat(out.features()[i]).isEqualTo(set.features()[i]);
            assertThat(out.augmented()[i]).isFalse();
        }
        for (int j = set.size(); j < out.size(); j++) {
            int source = (j - set.size()) / 3;
            assertThat(out.augmented()[j]).isTrue();
            assertThat(out.labels()[j]).isEqualTo(set.labels()[source]);
            assertThat(out.groups()[j]).isEqualTo(set.groups()[source]);
            assertThat(out.times()[j]).isEqualTo(set.times()[source]);
            assertThat(out.features()[j]).isNotEqualTo(set.features()[source]);
        }
        assertThat(out.backgroundCount()).isEqualTo(set.backgroundCount());
    }

    @Test
    void augmentationIsDeterministicWhateverTheThreadCountAndCache(@TempDir Path dir) {
        TrainingSet one = new MixAugmenter(FX, null, 1).augment(set, examples, background, mixes(2), 9);
        FeatureCache cache = new FeatureCache(dir, FX.config());
        TrainingSet two = new MixAugmenter(FX, cache, 2).augment(set, examples, background, mixes(2), 9);
        TrainingSet cached = new MixAugmenter(FX, cache, 2).augment(set, examples, background, mixes(2), 9);
        assertThat(two.features()).isDeepEqualTo(one.features());
        assertThat(cached.features()).isDeepEqualTo(one.features());
        assertThat(cache.hits()).isEqualTo(8);
        TrainingSet other = new MixAugmenter(FX, null, 1).augment(set, examples, background, mixes(2), 10);
        assertThat(other.features()[set.size()]).isNotEqualTo(one.features()[set.size()]);
    }

    @Test
    void noMixesNoBackgroundOrNoAudioLeaveTheSetAsItIs() {
        MixAugmenter a = new MixAugmenter(FX, null, 1);
        assertThat(a.augment(set, examples, background, mixes(0), 1)).isSameAs(set);
        assertThat(a.augment(set, examples, List.of(), mixes(2), 1)).isSameAs(set);
        List<MixAugmenter.Source> none = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            none.add(null);
        }
        assertThat(a.augment(set, none, background, mixes(2), 1)).isSameAs(set);
        assertThatThrownBy(() -> a.augment(set, examples.subList(0, 2), background, mixes(2), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("audio for 2 examples");
    }
}

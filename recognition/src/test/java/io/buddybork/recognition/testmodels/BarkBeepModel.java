package io.buddybork.recognition.testmodels;

import io.buddybork.model.SegmentFormat;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.TrainingSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The small model the hub's detection tests and the benchmarks use: tags "bark" and "beep" trained
 * on 12 synthetic clips each, with 12 of synthetic room noise as background, hand-made features of
 * the default configuration and the default model options, seed 42. Deterministic; each call
 * trains afresh (callers that need it often keep one).
 */
public final class BarkBeepModel {
    private BarkBeepModel() {}

    /** Trains the model. */
    public static OpenSetModel train() {
        FeatureExtractor extractor = new FeatureExtractor(FeatureConfig.defaults());
        List<float[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            features.add(extractor.extract(
                    SyntheticSounds.pcm(SyntheticSounds.Kind.BARK, 1000 + i), SegmentFormat.SAMPLE_RATE));
            labels.add(0);
            features.add(extractor.extract(
                    SyntheticSounds.pcm(SyntheticSounds.Kind.BEEP, 2000 + i), SegmentFormat.SAMPLE_RATE));
            labels.add(1);
            features.add(extractor.extract(
                    SyntheticSounds.pcm(SyntheticSounds.Kind.ROOM, 3000 + i), SegmentFormat.SAMPLE_RATE));
            labels.add(TrainingSet.BACKGROUND);
        }
        TrainingSet set = TrainingSet.of(
                List.of("bark", "beep"),
                features.toArray(float[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray());
        return OpenSetModel.train(set, FeatureConfig.defaults(), ModelConfig.defaults(), 42);
    }
}

package io.buddybork.recognition.eval;

import io.buddybork.recognition.cache.FeatureCache;
import io.buddybork.recognition.eval.ClipFeaturizer.ClipVectors;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.Prediction;
import io.buddybork.recognition.model.TrainingSet;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Train-then-test evaluation of a manifest: featurise its clips, train on the train split, score
 * the test split, compute {@link OpenSetMetrics}. Stateless; each call is independent.
 */
public final class Evaluation {

    private Evaluation() {}

    /**
     * Featurised clips of a manifest.
     *
     * @param manifest the manifest
     * @param train train rows' vectors
     * @param test test rows' vectors
     * @param realtimeFactor seconds of audio featurised per CPU second (0 if all cached)
     * @param windowSeconds window length used
     * @param hopSeconds hop used
     */
    public record Prepared(
            Manifest manifest,
            List<ClipVectors> train,
            List<ClipVectors> test,
            double realtimeFactor,
            double windowSeconds,
            double hopSeconds) {}

    /**
     * Result of one evaluation.
     *
     * @param model the trained model
     * @param metrics test metrics
     * @param testClips test clips in manifest order
     * @param predictions prediction per test clip
     * @param truth tag index per test clip or -1 for unknown
     */
    public record Result(
            OpenSetModel model,
            OpenSetMetrics metrics,
            List<ClipVectors> testClips,
            List<Prediction> predictions,
            int[] truth) {}

    /** Featurises the train and test rows; {@code progress} gets the number of clips done. */
    public static Prepared prepare(
            Manifest manifest,
            FeatureExtractor extractor,
            FeatureCache cache,
            double windowSeconds,
            double hopSeconds,
            int threads,
            IntConsumer progress)
            throws ManifestException {
        return prepare(
                manifest,
                manifest.rows(Manifest.Split.TRAIN),
                manifest.rows(Manifest.Split.TEST),
                extractor,
                cache,
                windowSeconds,
                hopSeconds,
                threads,
                progress);
    }

    /** Featurises the given train and test rows of a manifest. */
    public static Prepared prepare(
            Manifest manifest,
            List<Manifest.Row> train,
            List<Manifest.Row> test,
            FeatureExtractor extractor,
            FeatureCache cache,
            double windowSeconds,
            double hopSeconds,
            int threads,
            IntConsumer progress)
            throws ManifestException {
        extractor.warmUp(); // the reported speed is the steady state, not the JIT's first minutes
        ClipFeaturizer f = new ClipFeaturizer(extractor, cache, windowSeconds, hopSeconds, threads);
        List<ClipVectors> trainVectors = f.featurize(train, progress);
        List<ClipVectors> testVectors = f.featurize(test, n -> progress.accept(train.size() + n));
        return new Prepared(manifest, trainVectors, testVectors, f.realtimeFactor(), windowSeconds, hopSeconds);
    }

    /** Builds the training set of featurised train clips (one group per clip). */
    public static TrainingSet trainingSet(List<String> tags, List<ClipVectors> clips) {
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<Integer> g = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int c = 0; c < clips.size(); c++) {
            ClipVectors clip = clips.get(c);
            String label = clip.row().label();
            int tag = label.equals(Manifest.BACKGROUND) ? TrainingSet.BACKGROUND : tags.indexOf(label);
            for (float[] w : clip.windows()) {
                x.add(w);
                y.add(tag);
                g.add(c);
                times.add(clip.row().time());
            }
        }
        return new TrainingSet(
                tags,
                x.toArray(float[][]::new),
                y.stream().mapToInt(Integer::intValue).toArray(),
                g.stream().mapToInt(Integer::intValue).toArray(),
                times.toArray(Instant[]::new));
    }

    /** Scores the prepared test clips with an existing model. */
    public static Result test(Prepared prepared, OpenSetModel model) {
        List<String> tags = model.tags();
        List<Prediction> predictions = new ArrayList<>();
        int[] truth = new int[prepared.test().size()];
        for (int i = 0; i < truth.length; i++) {
            ClipVectors clip = prepared.test().get(i);
            truth[i] = tags.indexOf(clip.row().label());
            predictions.add(model.predictWindows(clip.windows(), clip.row().time()));
        }
        return new Result(model, OpenSetMetrics.compute(tags, truth, predictions), prepared.test(), predictions, truth);
    }

    /** Trains on the prepared train clips and evaluates on the test clips. */
    public static Result run(
            Prepared prepared, FeatureConfig featureConfig, ModelConfig config, long seed, ZoneId zone) {
        List<String> tags = prepared.manifest().trainingTags();
        OpenSetModel model = OpenSetModel.train(trainingSet(tags, prepared.train()), featureConfig, config, seed, zone);
        return test(prepared, model);
    }
}

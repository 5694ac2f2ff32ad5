package io.buddybork.recognition.eval;

import io.buddybork.model.wav.PcmAudio;
import io.buddybork.model.wav.WavCodec;
import io.buddybork.model.wav.WavFormatException;
import io.buddybork.recognition.augment.MixAugmenter;
import io.buddybork.recognition.cache.FeatureCache;
import io.buddybork.recognition.eval.ClipFeaturizer.ClipVectors;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureExtractor;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.Prediction;
import io.buddybork.recognition.model.TrainingSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * Builds the training set of featurised train clips: one group per clip; clips with the same
     * {@link Manifest.Row#session()} share a session, a clip without one is its own.
     */
    public static TrainingSet trainingSet(List<String> tags, List<ClipVectors> clips) {
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<Integer> g = new ArrayList<>();
        List<Integer> sessions = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        java.util.Map<String, Integer> sessionIds = new java.util.HashMap<>();
        for (int c = 0; c < clips.size(); c++) {
            ClipVectors clip = clips.get(c);
            String label = clip.row().label();
            int tag = label.equals(Manifest.BACKGROUND) ? TrainingSet.BACKGROUND : tags.indexOf(label);
            String name = clip.row().session();
            // Named sessions get ids after every clip index, so that they never collide with a clip's own.
            int session = name == null ? c : clips.size() + sessionIds.computeIfAbsent(name, k -> sessionIds.size());
            for (float[] w : clip.windows()) {
                x.add(w);
                y.add(tag);
                g.add(c);
                sessions.add(session);
                times.add(clip.row().time());
            }
        }
        return new TrainingSet(
                tags,
                x.toArray(float[][]::new),
                y.stream().mapToInt(Integer::intValue).toArray(),
                g.stream().mapToInt(Integer::intValue).toArray(),
                times.toArray(Instant[]::new),
                null,
                sessions.stream().mapToInt(Integer::intValue).toArray());
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

    /**
     * The training set of the prepared train clips; when the configuration asks for background mixes
     * ({@link ModelConfig#mixes()}), augmented by {@code augmenter} with the manifest's background
     * clips (their audio is read again).
     *
     * @param augmenter may be {@code null} when the configuration has no mixes
     * @throws ManifestException when a clip cannot be read again
     */
    public static TrainingSet trainingSet(
            Prepared prepared, List<String> tags, ModelConfig config, MixAugmenter augmenter, long seed)
            throws ManifestException {
        TrainingSet set = trainingSet(tags, prepared.train());
        if (config.mixes() == 0) {
            return set;
        }
        if (augmenter == null) {
            throw new IllegalArgumentException("a configuration with background mixes needs a MixAugmenter");
        }
        List<MixAugmenter.Source> examples = new ArrayList<>();
        List<MixAugmenter.Source> background = new ArrayList<>();
        for (ClipVectors clip : prepared.train()) {
            Path path = clip.row().path();
            PcmAudio audio;
            String id;
            try {
                byte[] bytes = Files.readAllBytes(path);
                audio = WavCodec.decode(bytes);
                id = path.toAbsolutePath() + "|" + bytes.length + "|"
                        + Files.getLastModifiedTime(path).toMillis();
            } catch (IOException | WavFormatException e) {
                throw new ManifestException(
                        "row " + clip.row().line() + ": cannot read audio " + path + " again: " + e.getMessage(), e);
            }
            boolean isBackground = clip.row().label().equals(Manifest.BACKGROUND);
            if (isBackground) {
                background.add(new MixAugmenter.Source(id, audio));
            }
            List<int[]> windows = ClipFeaturizer.windows(
                    audio.frames(), audio.sampleRate(), prepared.windowSeconds(), prepared.hopSeconds());
            if (windows.size() != clip.windows().size()) {
                throw new IllegalStateException("audio of " + path + " changed since it was featurised");
            }
            for (int[] w : windows) {
                examples.add(
                        isBackground
                                ? null
                                : new MixAugmenter.Source(
                                        id + "|" + w[0] + "+" + w[1],
                                        new PcmAudio(
                                                audio.sampleRate(),
                                                Arrays.copyOfRange(audio.samples(), w[0], w[0] + w[1]))));
            }
        }
        return augmenter.augment(set, examples, background, config, seed);
    }

    /** Trains on the prepared train clips and evaluates on the test clips (no augmentation). */
    public static Result run(
            Prepared prepared, FeatureConfig featureConfig, ModelConfig config, long seed, ZoneId zone) {
        try {
            return run(prepared, featureConfig, config, seed, zone, null);
        } catch (ManifestException e) {
            throw new IllegalStateException(e); // not reached: nothing is read without augmentation
        }
    }

    /**
     * Trains on the prepared train clips (augmented when the configuration asks for background
     * mixes) and evaluates on the test clips.
     *
     * @param augmenter may be {@code null} when the configuration has no mixes
     */
    public static Result run(
            Prepared prepared,
            FeatureConfig featureConfig,
            ModelConfig config,
            long seed,
            ZoneId zone,
            MixAugmenter augmenter)
            throws ManifestException {
        List<String> tags = prepared.manifest().trainingTags();
        OpenSetModel model = OpenSetModel.train(
                trainingSet(prepared, tags, config, augmenter, seed), featureConfig, config, seed, zone);
        return test(prepared, model);
    }
}

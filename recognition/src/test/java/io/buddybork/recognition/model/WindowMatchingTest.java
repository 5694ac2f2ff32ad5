package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.recognition.embedding.SpeechEmbedder;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.feature.FeatureLayout;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowMatchingTest {

    private static final int SLOTS = SpeechEmbedder.BAG_WINDOWS;
    private static final int DIM = SpeechEmbedder.DIMENSION;
    private static final int CLIP_COLUMNS = 4;

    /** Two clip-level columns, then the window bag's columns named as the window stage names them. */
    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < CLIP_COLUMNS; j++) {
            names.add("clip" + j);
        }
        names.addAll(SpeechEmbedder.bagNames());
        return names;
    }

    private static float[] vector(Random random, float[] clip, float[]... windows) {
        float[] x = new float[CLIP_COLUMNS + SLOTS * DIM];
        System.arraycopy(clip, 0, x, 0, CLIP_COLUMNS);
        for (int s = 0; s < SLOTS; s++) {
            for (int i = 0; i < DIM; i++) {
                x[CLIP_COLUMNS + s * DIM + i] =
                        s < windows.length ? windows[s][i] + (float) (0.05 * random.nextGaussian()) : noise(random)[i];
            }
        }
        return x;
    }

    private static float[] noise(Random random) {
        float[] w = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            w[i] = (float) random.nextGaussian();
        }
        return w;
    }

    private static float[] clip(Random random) {
        float[] c = new float[CLIP_COLUMNS];
        for (int j = 0; j < CLIP_COLUMNS; j++) {
            c[j] = (float) random.nextGaussian();
        }
        return c;
    }

    @Test
    void aSegmentContainingATrainingWindowsSoundOutranksOneThatDoesNot() {
        Random random = new Random(5);
        float[] chirp = noise(random);
        float[] knock = noise(random);
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            x.add(vector(random, clip(random), chirp)); // tag 0: one window of the chirp, the rest noise
            y.add(0);
            x.add(vector(random, clip(random), knock));
            y.add(1);
        }
        for (int i = 0; i < 6; i++) {
            x.add(vector(random, clip(random)));
            y.add(TrainingSet.BACKGROUND);
        }
        TrainingSet set = TrainingSet.of(
                List.of("chirp", "knock"),
                x.toArray(new float[0][]),
                y.stream().mapToInt(Integer::intValue).toArray());
        int[] rows = new int[set.size()];
        Arrays.setAll(rows, i -> i);
        int[] columns = new int[set.dimension()];
        Arrays.setAll(columns, i -> i);
        ModelConfig config = ModelConfig.defaults().toBuilder().windowMatch(1).build();
        ScoringCore core = ScoringCore.fit(set, rows, config, columns, 1, names());

        float[] clipPart = clip(random);
        // The sound in two of the eight windows, in other slots than in training.
        double withChirp = core.scores(vector(random, clipPart, noise(random), chirp, noise(random), chirp))[0];
        double without = core.scores(vector(random, clipPart, noise(random), noise(random)))[0];
        double withKnock = core.scores(vector(random, clipPart, noise(random), knock, noise(random), knock))[0];

        assertThat(withChirp).isGreaterThan(without + 0.02);
        assertThat(withChirp).isGreaterThan(withKnock + 0.02);
    }

    @Test
    void windowColumnsStayOutOfTheClipLevelScoreWhenMatchingIsOff() {
        Random random = new Random(8);
        List<float[]> x = new ArrayList<>();
        int[] y = new int[12];
        for (int i = 0; i < 12; i++) {
            x.add(vector(random, clip(random)));
            y[i] = i < 8 ? i % 2 : TrainingSet.BACKGROUND;
        }
        TrainingSet set = TrainingSet.of(List.of("a", "b"), x.toArray(new float[0][]), y);
        int[] rows = new int[set.size()];
        Arrays.setAll(rows, i -> i);
        int[] all = new int[set.dimension()];
        Arrays.setAll(all, i -> i);
        int[] clipOnly = {0, 1, 2, 3};
        ModelConfig config = ModelConfig.defaults();
        ScoringCore withBag = ScoringCore.fit(set, rows, config, all, 1, names());
        ScoringCore withoutBag = ScoringCore.fit(set, rows, config, clipOnly, 1, names());

        float[] query = vector(random, clip(random));
        assertThat(withBag.scores(query)).containsExactly(withoutBag.scores(query));
    }

    @Test
    void aReloadedWindowMatchingModelPredictsTheSame(@TempDir Path dir) throws Exception {
        FeatureConfig fc = FeatureConfig.statisticsOnly().withStages(List.of("stats", SpeechEmbedder.WINDOWS_STAGE));
        assertThat(FeatureLayout.of(fc).names()).contains(SpeechEmbedder.BAG_PREFIX + "w0_0");
        TrainingSet set = GaussianSets.set(fc, List.of("bark", "doorbell"), 4, 5, 3);
        ModelConfig config = ModelConfig.defaults().toBuilder().windowMatch(0.5).build();
        OpenSetModel model = OpenSetModel.train(set, fc, config, 3, ZoneOffset.UTC);
        Path file = dir.resolve("m.model");
        ModelStore.save(model, file);
        OpenSetModel loaded = ModelStore.load(file);

        assertThat(loaded.config().windowMatch()).isEqualTo(0.5);
        Instant at = Instant.parse("2026-05-02T08:00:00Z");
        for (float[] v : set.features()) {
            assertThat(loaded.predictWindows(List.of(v), at).tagScores())
                    .isEqualTo(model.predictWindows(List.of(v), at).tagScores());
        }
    }

    @Test
    void fisherWeightsFavourAColumnThatSeparatesTheTags() {
        Random random = new Random(2);
        int n = 30;
        float[][] x = new float[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < 20 ? i % 2 : TrainingSet.BACKGROUND;
            x[i][0] = (float) ((y[i] == 1 ? 3 : 0) + random.nextGaussian()); // separates the tags
            x[i][1] = (float) random.nextGaussian(); // noise
        }
        TrainingSet set = TrainingSet.of(List.of("a", "b"), x, y);
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        double[] w =
                ScoringCore.fisherWeights(set, rows, new int[] {0, 1}, new double[2], new double[] {1, 1}, 2, false);

        assertThat(w[0]).isGreaterThan(w[1]);
        assertThat(w[1]).isGreaterThanOrEqualTo(Math.sqrt(ScoringCore.FISHER_SHRINKAGE) - 1e-12);
    }
}

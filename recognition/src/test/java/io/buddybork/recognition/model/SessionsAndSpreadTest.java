package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.testaudio.SyntheticSets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionsAndSpreadTest {

    private static final FeatureConfig FC = FeatureConfig.defaults();
    private static TrainingSet base;
    /** Every tag example twice (two "takes" of one recording), each take its own group, a pair one session. */
    private static TrainingSet takes;

    @BeforeAll
    static void data() {
        base = SyntheticSets.trainingSet(5, 12, 21);
        int n = base.size();
        int tagged = (int) Arrays.stream(base.labels()).filter(l -> l >= 0).count();
        int total = n + tagged;
        float[][] x = Arrays.copyOf(base.features(), total);
        int[] labels = Arrays.copyOf(base.labels(), total);
        int[] groups = new int[total];
        int[] sessions = new int[total];
        Instant[] times = Arrays.copyOf(base.times(), total);
        for (int i = 0, extra = n; i < n; i++) {
            groups[i] = i;
            sessions[i] = i;
            if (base.labels()[i] >= 0) {
                float[] twin = base.features()[i].clone();
                for (int j = 0; j < twin.length; j++) {
                    twin[j] *= 1.001f; // a second take: nearly the same sound
                }
                x[extra] = twin;
                labels[extra] = base.labels()[i];
                groups[extra] = extra;
                sessions[extra] = i;
                times[extra] = base.times()[i];
                extra++;
            }
        }
        takes = new TrainingSet(base.tags(), x, labels, groups, times, null, sessions);
    }

    @Test
    void sessionFoldsHoldOutBothTakesSoOutOfFoldScoresLookLikeANewRecording() {
        OpenSetModel byClip = OpenSetModel.train(takes, FC, ModelConfig.defaults(), 3, ZoneOffset.UTC);
        OpenSetModel bySession = OpenSetModel.train(
                takes, FC, ModelConfig.defaults().withFolds(ModelConfig.Grouping.SESSION), 3, ZoneOffset.UTC);
        for (int t = 0; t < takes.tags().size(); t++) {
            double clip = mean(byClip.calibrations().get(t).positives());
            double session = mean(bySession.calibrations().get(t).positives());
            // By clip, a held-out take mostly has its twin in the training fold and scores as if seen.
            assertThat(session).as("tag %s", takes.tags().get(t)).isLessThan(clip);
            assertThat(bySession.calibrations().get(t).positives()).hasSize(10);
        }
    }

    @Test
    void aTagRecordedInOneSessionIsStillCalibratedOnItsClips() {
        int[] sessions = takes.sessions().clone();
        for (int i = 0; i < sessions.length; i++) {
            if (takes.labels()[i] == 0) {
                sessions[i] = -7; // every example of the first tag: one session
            }
        }
        TrainingSet oneSession = new TrainingSet(
                takes.tags(), takes.features(), takes.labels(), takes.groups(), takes.times(), null, sessions);
        OpenSetModel model = OpenSetModel.train(
                oneSession,
                FC,
                ModelConfig.defaults()
                        .withFolds(ModelConfig.Grouping.SESSION)
                        .withTypicalBy(ModelConfig.Grouping.SESSION),
                3,
                ZoneOffset.UTC);
        double[] positives = model.calibrations().get(0).positives();
        assertThat(positives).hasSize(10);
        // Scored by fold models that heard the tag: a model without any example of it scores 0.
        assertThat(Arrays.stream(positives).min().orElseThrow()).isGreaterThan(0.3);
    }

    @Test
    void examplesOfOneGroupMustShareASession() {
        int[] groups = new int[base.size()];
        int[] sessions = new int[base.size()];
        Arrays.setAll(sessions, i -> i);
        assertThatThrownBy(() -> new TrainingSet(
                        base.tags(), base.features(), base.labels(), groups, base.times(), null, sessions))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share a session");
        assertThat(new TrainingSet(base.tags(), base.features(), base.labels(), base.groups(), base.times()).sessions())
                .containsExactly(base.groups());
    }

    @Test
    void theSpreadTestOnlyRemovesDetectionsAndKeepsWhatTheTagWasTrainedOn() {
        OpenSetModel plain = OpenSetModel.train(base, FC, ModelConfig.defaults(), 5, ZoneOffset.UTC);
        OpenSetModel spread =
                OpenSetModel.train(base, FC, ModelConfig.defaults().withSpreadKeep(1), 5, ZoneOffset.UTC);
        assertThat(plain.spreadFloors()).isEmpty();
        assertThat(spread.spreadFloors()).hasSize(3);
        for (double f : spread.spreadFloors()) {
            assertThat(f).isBetween(0.5, 1.0);
        }
        for (int t = 0; t < 3; t++) {
            assertThat(spread.thresholds().get(t).threshold())
                    .isEqualTo(plain.thresholds().get(t).threshold());
        }
        List<float[]> probes = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            probes.add(SyntheticSets.features(SyntheticSets.unknown(41_000 + i)));
            probes.add(SyntheticSets.features(SyntheticSets.tagSound(i % 3, 42_000 + i)));
        }
        int plainCalls = 0;
        int spreadCalls = 0;
        for (float[] x : probes) {
            Prediction p = plain.predict(x);
            Prediction s = spread.predict(x);
            assertThat(s.tagScores()).isEqualTo(p.tagScores());
            plainCalls += p.known() ? 1 : 0;
            spreadCalls += s.known() ? 1 : 0;
            if (s.known()) {
                assertThat(s.score())
                        .isGreaterThanOrEqualTo(spread.thresholds()
                                .get(spread.tags().indexOf(s.bestTag()))
                                .threshold());
            }
        }
        assertThat(spreadCalls).isLessThanOrEqualTo(plainCalls);
        // A training example is its own nearest example (similarity 1): the test never rejects it.
        for (int i = 0; i < base.size(); i++) {
            if (base.labels()[i] >= 0 && plain.predict(base.features()[i]).known()) {
                assertThat(spread.predict(base.features()[i]).tag())
                        .isEqualTo(plain.predict(base.features()[i]).tag());
            }
        }
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }
}

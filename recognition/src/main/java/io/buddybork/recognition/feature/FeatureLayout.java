package io.buddybork.recognition.feature;

import java.util.ArrayList;
import java.util.List;

/**
 * Names and order of the entries of a segment feature vector for one {@link FeatureConfig}: the
 * entries of each stage in stage order. Immutable and thread-safe.
 *
 * <p>Hand-made statistics stage, per-frame tracks: log-mel energies (dB), MFCC c0..c(n-1), their deltas, and seven spectral
 * descriptors (centroid, bandwidth and 85 % roll-off in kHz, mel spectral flatness, mel spectral
 * flux, zero-crossing rate, frame energy in dBFS). Segment statistics over the non-quiet frames:
 * log-mel mean/std; MFCC and spectral mean/std/p10/p50/p90; delta std and mean |delta|; plus the
 * fraction of non-quiet frames and the energy dynamic range.
 */
public final class FeatureLayout {

    /** Names of the spectral descriptor tracks, in track order. */
    public static final List<String> SPECTRAL =
            List.of("centroid_khz", "bandwidth_khz", "rolloff_khz", "flatness", "flux", "zcr", "energy_db");

    private final List<String> names;

    private FeatureLayout(List<String> names) {
        this.names = List.copyOf(names);
    }

    /** Layout for a configuration: every stage's entries, concatenated in stage order. */
    public static FeatureLayout of(FeatureConfig config) {
        List<String> n = new ArrayList<>();
        for (String stage : config.stages()) {
            n.addAll(
                    stage.equals(HandcraftedStatistics.STAGE)
                            ? statistics(config)
                            : FeatureStages.names(stage, config));
        }
        return new FeatureLayout(n);
    }

    /** Whether an entry belongs to the hand-made statistics (embedding entries are named {@code stage:entry}). */
    public static boolean isStatistic(String name) {
        return name.indexOf(':') < 0;
    }

    /** Entry names of the hand-made statistics stage. */
    public static List<String> statistics(FeatureConfig config) {
        List<String> n = new ArrayList<>();
        for (int m = 0; m < config.melBands(); m++) {
            n.add("logmel" + m + "_mean");
            n.add("logmel" + m + "_std");
        }
        String[] five = {"mean", "std", "p10", "p50", "p90"};
        for (int c = 0; c < config.mfccCount(); c++) {
            for (String s : five) {
                n.add("mfcc" + c + "_" + s);
            }
        }
        for (int c = 0; c < config.mfccCount(); c++) {
            n.add("delta" + c + "_std");
            n.add("delta" + c + "_absmean");
        }
        for (String sp : SPECTRAL) {
            for (String s : five) {
                n.add(sp + "_" + s);
            }
        }
        n.add("active_fraction");
        n.add("dynamic_range_db");
        return List.copyOf(n);
    }

    /** Vector length. */
    public int size() {
        return names.size();
    }

    /** Entry names in vector order. */
    public List<String> names() {
        return names;
    }
}

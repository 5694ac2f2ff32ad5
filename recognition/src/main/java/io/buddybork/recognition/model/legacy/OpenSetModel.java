package io.buddybork.recognition.model.legacy;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.PrCurve;
import io.buddybork.recognition.model.TagCalibration;
import io.buddybork.recognition.model.TagThreshold;
import io.buddybork.recognition.model.TrainingSummary;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fields of a format 1 {@code io.buddybork.recognition.model.OpenSetModel}, filled by the
 * legacy reader's deserialisation only. Read-only after that.
 */
public final class OpenSetModel implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private List<String> tags;
    private FeatureConfig featureConfig;
    private ModelConfig config;
    private ScoringCore core;
    private List<TagThreshold> thresholds;
    private List<PrCurve> curves;
    private List<TagCalibration> calibrations;
    private Map<String, TimeOfDayModel> timeModels;
    private TrainingSummary summary;
    private Instant created;

    private OpenSetModel() {}

    /** Known tags. */
    public List<String> tags() {
        return tags;
    }

    /** Feature configuration. */
    public FeatureConfig featureConfig() {
        return featureConfig;
    }

    /** Pipeline configuration. */
    public ModelConfig config() {
        return config;
    }

    /** The fitted pipeline. */
    public ScoringCore core() {
        return core;
    }

    /** Per-tag thresholds. */
    public List<TagThreshold> thresholds() {
        return thresholds;
    }

    /** Per-tag PR curves. */
    public List<PrCurve> curves() {
        return curves;
    }

    /** Per-tag calibration data; null in files written before they were kept. */
    public List<TagCalibration> calibrations() {
        return calibrations;
    }

    /** Time-of-day models by tag. */
    public Map<String, TimeOfDayModel> timeModels() {
        return timeModels;
    }

    /** Training summary. */
    public TrainingSummary summary() {
        return summary;
    }

    /** Creation time. */
    public Instant created() {
        return created;
    }
}

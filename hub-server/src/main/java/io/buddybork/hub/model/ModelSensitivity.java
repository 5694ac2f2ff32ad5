package io.buddybork.hub.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.detect.ActiveModels;
import io.buddybork.hub.detect.LoadedModel;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.recognition.eval.Wilson;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.TagCalibration;
import io.buddybork.recognition.model.TagThreshold;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The owner's sensitivity control: reads each tag's calibration data from the model file to show
 * what every threshold setting promises (precision, recall, false alarms per day, with intervals),
 * and keeps the owner's settings in the model row, where live detection picks them up at once
 * without retraining. A setting is one row update; live detection re-reads it right after the
 * commit. Thread-safe.
 */
@ApplicationScoped
public class ModelSensitivity {
    /** Settings shown per tag; the calibration data of a few clips rarely give more. */
    static final int MAX_POINTS = 40;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ModelRepository repository;
    private final ModelService models;
    private final ActiveModels active;
    private final ObjectMapper json;

    ModelSensitivity(ModelRepository repository, ModelService models, ActiveModels active, ObjectMapper json) {
        this.repository = repository;
        this.models = models;
        this.active = active;
        this.json = json;
    }

    /** The sensitivity view of model {@code id}. */
    public ModelRequests.SensitivityView view(long id) {
        ModelRequests.ModelView row = models.get(id);
        // the library's cache of loaded models, with the owner's settings read from the row
        LoadedModel loaded = active.byId(id);
        OpenSetModel model = loaded.model();
        Map<String, Double> settings = loaded.overrides();
        Double perDay = row.training().soundSegmentsPerDay();
        List<ModelRequests.TagSensitivity> tags = new ArrayList<>();
        List<TagCalibration> calibrations = model.calibrations();
        for (int t = 0; t < model.tags().size(); t++) {
            String tag = model.tags().get(t);
            TagThreshold trained = model.thresholds().get(t);
            TagCalibration cal = t < calibrations.size() ? calibrations.get(t) : TagCalibration.empty(tag);
            Double setting = settings.get(tag);
            double threshold = setting != null ? setting : trained.threshold();
            List<ModelRequests.SensitivityPoint> points = new ArrayList<>();
            for (double c : cal.candidates(trained.threshold(), MAX_POINTS)) {
                points.add(point(cal, c, perDay));
            }
            tags.add(new ModelRequests.TagSensitivity(
                    tag,
                    trained.threshold(),
                    threshold,
                    setting != null,
                    trained.basis(),
                    trained.warning(),
                    cal.positives().length,
                    cal.background().length,
                    points,
                    point(cal, threshold, perDay)));
        }
        return new ModelRequests.SensitivityView(id, row.name(), row.active(), perDay, tags);
    }

    /**
     * Applies the owner's settings to model {@code id} and returns the new view.
     *
     * @throws ProblemException 400 {@code unknown-tag} for a tag the model does not have,
     *     {@code invalid-threshold} for a value outside [0, 1], {@code missing-field} without
     *     thresholds; 404 {@code unknown-model}
     */
    public ModelRequests.SensitivityView update(long id, ModelRequests.SensitivityUpdate req) {
        if (req == null || req.thresholds() == null) {
            throw ProblemException.badRequest(
                    "missing-field", "thresholds is required: {\"thresholds\": {\"<tag>\": 0.6 or null}}");
        }
        OpenSetModel model = active.byId(id).model();
        for (Map.Entry<String, Double> e : req.thresholds().entrySet()) {
            if (!model.tags().contains(e.getKey())) {
                throw ProblemException.badRequest(
                        "unknown-tag", "the model has no tag '" + e.getKey() + "'; its tags are " + model.tags());
            }
            Double v = e.getValue();
            if (v != null && !(v >= 0 && v <= 1)) {
                throw ProblemException.badRequest(
                        "invalid-threshold", "the threshold of '" + e.getKey() + "' must be from 0 to 1, got " + v);
            }
        }
        boolean isActive = QuarkusTransaction.requiringNew().call(() -> {
            ModelRepository.Thresholds stored = repository
                    .lockThresholds(id)
                    .orElseThrow(() -> ProblemException.notFound("unknown-model", "no model with id " + id));
            Map<String, Object> merged = new LinkedHashMap<>(read(stored.json()));
            req.thresholds().forEach((tag, v) -> {
                if (v == null) {
                    merged.remove(tag);
                } else {
                    merged.put(tag, v);
                }
            });
            repository.setThresholds(id, merged.isEmpty() ? null : write(merged));
            return stored.active();
        });
        if (isActive) {
            // committed: the next segment is scored with the new thresholds
            active.refresh(false);
        }
        return view(id);
    }

    private ModelRequests.SensitivityPoint point(TagCalibration cal, double threshold, Double perDay) {
        TagCalibration.OperatingPoint p = cal.at(threshold);
        int predicted = p.truePositives() + p.backgroundHits() + p.otherHits();
        double[] pci = Wilson.interval(p.truePositives(), predicted);
        double[] rci = Wilson.interval(p.truePositives(), p.positives());
        Double share = Double.isNaN(p.backgroundRate()) ? null : p.backgroundRate();
        Double perDayAlarms = share == null || perDay == null ? null : share * perDay;
        return new ModelRequests.SensitivityPoint(
                threshold,
                Double.isNaN(p.precision()) ? null : p.precision(),
                pci[0],
                pci[1],
                Double.isNaN(p.recall()) ? null : p.recall(),
                rci[0],
                rci[1],
                share,
                perDayAlarms,
                perDayAlarms == null ? null : perDayAlarms / 24,
                p.truePositives(),
                p.positives(),
                p.backgroundHits(),
                p.backgroundCount());
    }

    private Map<String, Object> read(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable thresholds of a model row: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

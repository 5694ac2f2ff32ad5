package io.buddybork.hub.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.detect.ActiveModelChanged;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.tag.TagService;
import io.buddybork.hub.time.HubZone;
import io.buddybork.recognition.model.IncompatibleModelException;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.ModelLimits;
import io.buddybork.recognition.model.ModelMetrics;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Owns the model library and the rules of the model builder: which splits can train (tags with
 * training examples, background audio, no day on both sides), the library's rows and files
 * (rename, delete, download, import), and which model is active. A change of the active model
 * commits first and then fires {@link ActiveModelChanged}, so observers always see committed
 * state. Files are removed only after the row's delete committed; an import writes its file
 * durably before the row commits. Thread-safe.
 */
@ApplicationScoped
public class ModelService {
    private static final Logger LOG = Logger.getLogger(ModelService.class);
    private static final int MAX_NAME = 100;
    private static final TypeReference<List<ModelRequests.ModelTag>> TAGS = new TypeReference<>() {};

    private final ModelRepository repository;
    private final TrainingDataRepository data;
    private final SegmentFiles files;
    private final ModelFiles modelFiles;
    private final ObjectMapper json;
    private final Event<ActiveModelChanged> activeChanged;
    private final ModelBuilderConfig config;
    private final HubZone zone;

    ModelService(
            ModelRepository repository,
            TrainingDataRepository data,
            SegmentFiles files,
            ModelFiles modelFiles,
            ObjectMapper json,
            Event<ActiveModelChanged> activeChanged,
            ModelBuilderConfig config,
            HubZone zone) {
        this.repository = repository;
        this.data = data;
        this.files = files;
        this.modelFiles = modelFiles;
        this.json = json;
        this.activeChanged = activeChanged;
        this.config = config;
        this.zone = zone;
    }

    /**
     * Checks a training request and turns it into a plan. The request's own constraints
     * ({@link ModelRequests.Train}) hold already: tags chosen, a training split given.
     *
     * @throws ProblemException 400 naming what is missing or wrong
     */
    public TrainingPlan plan(ModelRequests.Train req) {
        String name = name(req.name());
        if (new HashSet<>(req.tagIds()).size() != req.tagIds().size()
                || req.tagIds().contains(null)) {
            throw ProblemException.badRequest("duplicate-tags", "tagIds must be distinct tag ids");
        }
        List<ModelRequests.ModelTag> tags = tags(req.tagIds());
        List<LocalDate> trainDays = days("train.days", req.train().days());
        List<LocalDate> trainBg = days("train.backgroundDays", req.train().backgroundDays());
        ModelRequests.Split test = req.test() == null ? new ModelRequests.Split(List.of(), List.of()) : req.test();
        List<LocalDate> testDays = days("test.days", test.days());
        List<LocalDate> testBg = days("test.backgroundDays", test.backgroundDays());
        if (trainDays.isEmpty()) {
            throw ProblemException.badRequest("no-training-days", "choose at least one training day (train.days)");
        }
        if (trainBg.isEmpty()) {
            throw ProblemException.badRequest(
                    "no-background",
                    "mark at least one training day as background "
                            + "(train.backgroundDays): thresholds are calibrated on unannotated audio");
        }
        Set<LocalDate> trainSide = new LinkedHashSet<>(trainDays);
        trainSide.addAll(trainBg);
        Set<LocalDate> testSide = new LinkedHashSet<>(testDays);
        testSide.addAll(testBg);
        List<String> both = trainSide.stream()
                .filter(testSide::contains)
                .sorted()
                .map(LocalDate::toString)
                .toList();
        if (!both.isEmpty()) {
            throw ProblemException.badRequest(
                    "split-overlap",
                    "these days are on both the training and the test side: " + String.join(", ", both)
                            + "; a day can only be in one of them");
        }
        ModelConfig modelConfig = ModelOptions.parse(req.options());
        Map<Long, Long> counts = data.annotationCounts(trainDays, req.tagIds());
        List<String> missing = tags.stream()
                .filter(t -> counts.getOrDefault(t.id(), 0L) == 0)
                .map(ModelRequests.ModelTag::name)
                .toList();
        if (!missing.isEmpty()) {
            throw ProblemException.badRequest(
                    "tag-without-examples",
                    "no annotations of " + String.join(", ", missing)
                            + " on the training days; add training days where they occur, or leave the tag out");
        }
        if (data.segmentCount(trainBg) == 0) {
            throw ProblemException.badRequest("no-background", "the training background days have no stored audio");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("tagIds", req.tagIds());
        request.put("train", Map.of("days", iso(trainDays), "backgroundDays", iso(trainBg)));
        request.put("test", Map.of("days", iso(testDays), "backgroundDays", iso(testBg)));
        request.put("options", ModelOptions.toMap(modelConfig));
        return new TrainingPlan(name, tags, trainDays, trainBg, testDays, testBg, modelConfig, request);
    }

    /** Every model, newest first, with headline metrics. */
    public List<ModelRequests.ModelView> list() {
        return repository.list().stream().map(r -> view(r, true)).toList();
    }

    /** One model with every metric. */
    public ModelRequests.ModelView get(long id) {
        return repository
                .find(id)
                .map(r -> view(r, false))
                .orElseThrow(() -> ProblemException.notFound("unknown-model", "no model with id " + id));
    }

    /** Renames model {@code id}. */
    public ModelRequests.ModelView rename(long id, String newName) {
        String name = name(newName);
        if (!repository.rename(id, name)) {
            throw ProblemException.notFound("unknown-model", "no model with id " + id);
        }
        return get(id);
    }

    /**
     * Deletes model {@code id} and its files. The active model is refused (409 {@code model-active})
     * unless {@code deactivate} is set, which leaves no model active.
     */
    public void delete(long id, boolean deactivate) {
        ModelRequests.ModelView model = get(id);
        if (model.active() && !deactivate) {
            throw ProblemException.conflict(
                    "model-active",
                    "'" + model.name() + "' is the active model: activate "
                            + "another model (or none) first, or delete with deactivate=true");
        }
        boolean wasActive = repository
                .delete(id)
                .orElseThrow(() -> ProblemException.notFound("unknown-model", "no model with id " + id));
        if (wasActive) {
            fireActiveChanged(null);
        }
        if (model.filePath() != null) {
            try {
                modelFiles.delete(model.filePath());
            } catch (IOException | IllegalArgumentException e) {
                // the row is gone; the next start removes files without a row
                LOG.warnf("Cannot delete the files of model %d: %s", id, e.getMessage());
            }
        }
    }

    /** Makes {@code modelId} the active model (null: none). */
    public ModelRequests.ActiveModel activate(Long modelId) {
        Long before = QuarkusTransaction.requiringNew().call(() -> {
            Long previous = repository.activeId().orElse(null);
            if (modelId != null) {
                ModelRepository.LockedFile locked = repository
                        .lockFile(modelId)
                        .orElseThrow(() -> ProblemException.notFound("unknown-model", "no model with id " + modelId));
                if (locked.filePath() == null) {
                    throw ProblemException.conflict("model-without-file", "model " + modelId + " has no model file");
                }
            }
            repository.activate(modelId);
            return previous;
        });
        if (!java.util.Objects.equals(before, modelId)) {
            fireActiveChanged(modelId);
        }
        return new ModelRequests.ActiveModel(modelId);
    }

    /**
     * Fires {@link ActiveModelChanged} after the change committed, inside a short transaction of its
     * own: plain observers hear it at once, {@code during = AFTER_SUCCESS} observers when that
     * transaction commits; either way only after the change is visible to everyone.
     */
    private void fireActiveChanged(Long modelId) {
        QuarkusTransaction.requiringNew().run(() -> activeChanged.fire(new ActiveModelChanged(modelId)));
    }

    /** The active model's id, if any. */
    public ModelRequests.ActiveModel active() {
        return new ModelRequests.ActiveModel(repository.activeId().orElse(null));
    }

    /** The bytes of the model file of {@code id}, from the store. */
    public byte[] file(long id) {
        String key = fileKey(id);
        try {
            return modelFiles.bytes(key);
        } catch (NoSuchFileException e) {
            throw ProblemException.notFound("no-model-file", "the file of model " + id + " is missing: " + key);
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
    }

    /** The bytes of the JSON metadata of the model file of {@code id}. */
    public byte[] metadata(long id) {
        String key = fileKey(id);
        try {
            if (!modelFiles.exists(key)) {
                throw ProblemException.notFound("no-model-file", "the file of model " + id + " is missing: " + key);
            }
            return modelFiles.metadataBytes(key);
        } catch (NoSuchFileException e) {
            throw ProblemException.notFound("no-model-file", "the metadata of model " + id + " is missing");
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
    }

    private String fileKey(long id) {
        ModelRequests.ModelView m = get(id);
        if (m.filePath() == null) {
            throw ProblemException.notFound("no-model-file", "model " + id + " has no file");
        }
        return m.filePath();
    }

    private static ProblemException storeUnavailable(IOException e) {
        return ProblemException.unavailable(
                "storage-unavailable", "the model file cannot be read from the store now", 10, e);
    }

    /**
     * Imports a model file made by the recognition CLI (or downloaded from a hub): checks it
     * loads (current format only: the file is plain data, read with every length checked before
     * anything is allocated), stores it durably under the models directory with fresh metadata,
     * then adds its row. Its tag names follow the tag API's rule; tags the hub does not know yet
     * are created.
     *
     * @throws ProblemException 400 {@code corrupt-model} (also for a file in the old
     *     Java-serialised format, which names the converter), {@code incompatible-model} or
     *     {@code invalid-tag-name}, 409 {@code tag-exists} when a tag differs from a hub tag only in
     *     case, 413 when too large
     */
    public ModelRequests.ModelView importModel(InputStream body, String requestedName) throws IOException {
        String name = requestedName == null || requestedName.isBlank()
                ? "imported " + DateTimeFormatter.ISO_LOCAL_DATE.format(zone.today())
                : name(requestedName);
        Path dir = files.dataRoot().resolve("models");
        Files.createDirectories(dir);
        Path upload = dir.resolve(".import-" + UUID.randomUUID() + ".upload");
        try {
            long size = copyLimited(body, upload, config.maxImportBytes());
            if (size == 0) {
                throw ProblemException.badRequest("corrupt-model", "the uploaded file is empty");
            }
            OpenSetModel model;
            try {
                model = ModelStore.load(upload, ModelLimits.defaults().withMaxFileBytes(config.maxImportBytes()));
            } catch (IncompatibleModelException e) {
                String msg = String.valueOf(e.getMessage()).replace(upload.toString(), "the uploaded file");
                if (e.kind() == IncompatibleModelException.Kind.OLD_FORMAT) {
                    msg = "the uploaded file is in the old Java-serialised model format (1), which the hub does not "
                            + "read from uploads: convert it with `java -jar recognition.jar convert-model IN OUT` "
                            + "and import the result";
                }
                throw ProblemException.badRequest(
                        e.kind() == IncompatibleModelException.Kind.INCOMPATIBLE
                                ? "incompatible-model"
                                : "corrupt-model",
                        msg);
            } catch (IOException | RuntimeException e) {
                throw ProblemException.badRequest(
                        "corrupt-model",
                        "the uploaded file is not a readable model: "
                                + e.getClass().getSimpleName());
            }
            for (String tag : model.tags()) {
                String valid;
                try {
                    valid = TagService.validName(tag);
                } catch (ProblemException e) {
                    throw ProblemException.badRequest(
                            "invalid-tag-name",
                            "the model's tag '" + shorten(tag) + "' is not a valid tag name: "
                                    + e.problem().detail());
                }
                if (!valid.equals(tag)) {
                    throw ProblemException.badRequest(
                            "invalid-tag-name",
                            "the model's tag '" + shorten(tag) + "' starts or ends with white space");
                }
            }
            String relative = "models/"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                            .withZone(ZoneOffset.UTC)
                            .format(Instant.now()) + "-import-"
                    + UUID.randomUUID().toString().substring(0, 8) + ".model";
            ModelMetrics metrics = ModelMetrics.ofImport();
            modelFiles.save(relative, model, metrics);
            TrainingReport training = TrainingReport.ofImport(
                    model.summary().examplesPerTag(),
                    model.summary().backgroundExamples(),
                    model.featureConfig().fingerprint(),
                    model.config().describe(),
                    ModelOptions.toMap(model.config()));
            try {
                long id = QuarkusTransaction.requiringNew().call(() -> {
                    List<ModelRequests.ModelTag> tags = new ArrayList<>();
                    for (String tag : model.tags()) {
                        Optional<String> other = repository.tagDifferingInCase(tag);
                        if (other.isPresent()) {
                            throw ProblemException.conflict(
                                    "tag-exists",
                                    "the model's tag '" + shorten(tag) + "' differs only in case from the hub's tag '"
                                            + other.get() + "'; rename one of them");
                        }
                        tags.add(new ModelRequests.ModelTag(repository.tagIdCreating(tag), tag));
                    }
                    return repository.insert(
                            new ModelRepository.NewModel(name, write(tags), write(metrics), write(training), relative));
                });
                return get(id);
            } catch (RuntimeException e) {
                modelFiles.delete(relative);
                throw e;
            }
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /** A name cut short for a message (an imported file may hold any text). */
    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** Every day (the hub's time zone) with stored segments or annotations: segments and annotations per tag id. */
    public List<ModelRequests.DayData> days() {
        Map<String, Long> segments = new TreeMap<>();
        for (TrainingDataRepository.DaySegments d : data.segmentsPerDay()) {
            segments.put(d.day().toString(), d.segments());
        }
        Map<String, Map<Long, Long>> annots = new TreeMap<>();
        for (TrainingDataRepository.DayTagAnnotations d : data.annotationsPerDayAndTag()) {
            annots.computeIfAbsent(d.day().toString(), k -> new TreeMap<>()).put(d.tagId(), d.annotations());
        }
        Set<String> all = new java.util.TreeSet<>(segments.keySet());
        all.addAll(annots.keySet());
        return all.stream()
                .map(d -> new ModelRequests.DayData(d, segments.getOrDefault(d, 0L), annots.getOrDefault(d, Map.of())))
                .toList();
    }

    private ModelRequests.ModelView view(ModelRepository.ModelRow r, boolean headline) {
        ModelMetrics metrics = read(r.metrics(), ModelMetrics.class);
        if (headline) {
            metrics = metrics.headline();
        }
        return new ModelRequests.ModelView(
                r.id(),
                r.name(),
                readTags(r.tags()),
                r.active(),
                r.created().toString(),
                metrics,
                read(r.training(), TrainingReport.class),
                r.filePath(),
                null);
    }

    private List<ModelRequests.ModelTag> tags(List<Long> ids) {
        List<ModelRequests.ModelTag> out = new ArrayList<>();
        for (Long id : ids) {
            String name = repository
                    .tagName(id)
                    .orElseThrow(() -> ProblemException.badRequest("unknown-tag", "no tag with id " + id));
            out.add(new ModelRequests.ModelTag(id, name));
        }
        return out;
    }

    private static String name(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty()) {
            throw ProblemException.badRequest("missing-name", "give the model a name");
        }
        if (name.length() > MAX_NAME) {
            throw ProblemException.badRequest("name-too-long", "a model name has at most " + MAX_NAME + " characters");
        }
        return name;
    }

    private static List<LocalDate> days(String field, List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        Set<LocalDate> out = new LinkedHashSet<>();
        for (String d : raw) {
            try {
                out.add(LocalDate.parse(String.valueOf(d)));
            } catch (DateTimeParseException e) {
                throw ProblemException.badRequest(
                        "bad-day", field + " holds '" + d + "', which is not a YYYY-MM-DD day");
            }
        }
        return List.copyOf(out);
    }

    private static List<String> iso(List<LocalDate> days) {
        return days.stream().map(LocalDate::toString).toList();
    }

    private static long copyLimited(InputStream in, Path target, long max) throws IOException {
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > max) {
                    throw new ProblemException(io.buddybork.model.wire.ApiProblem.of(
                            413,
                            "model-too-large",
                            "Payload too large",
                            "a model file may have at most " + max + " bytes"));
                }
                out.write(buf, 0, n);
            }
        }
        return total;
    }

    /** A JSON column of the model table; an empty one (null) reads as {@code {}}. */
    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text == null ? "{}" : text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in the model table", e);
        }
    }

    private List<ModelRequests.ModelTag> readTags(String text) {
        try {
            return text == null ? List.of() : json.readValue(text, TAGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable tags in the model table", e);
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

package io.buddybork.recognition.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.time.TimeOfDayModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The model file format 2 (docs/model-format.md): a fixed header, a JSON manifest, named
 * little-endian arrays whose types and shapes the manifest declares, and a CRC-32 trailer. The
 * reader checks the header, every length against the file size and the {@link ModelLimits}, and
 * the checksum before it parses anything, and every declared array size before it allocates
 * anything; the manifest binds to fixed records (no type names are read from a file), and every
 * part is checked against the others before the model is built. Any failure is an
 * {@link IncompatibleModelException}. Stateless and thread-safe.
 */
final class ModelCodec {

    /** The format this codec writes and reads. */
    static final int FORMAT = 2;

    static final byte[] MAGIC = "BBRKMODL".getBytes(StandardCharsets.US_ASCII);
    /** Magic (8), format (4, big-endian), feature version (4, big-endian), manifest length (4), data length (8). */
    static final int HEADER_BYTES = 28;
    /** CRC-32 of everything before it (4, little-endian). */
    static final int TRAILER_BYTES = 4;

    static final String F64 = "f64";
    static final String I32 = "i32";
    private static final int MAX_NAME = 200;

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxNumberLength(64)
                            .maxStringLength(1 << 20)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ModelCodec() {}

    /** The manifest: everything but the arrays, which it declares in file order. */
    record Manifest(
            int format,
            String created,
            List<String> tags,
            FeatureConfig featureConfig,
            String featureFingerprint,
            ModelConfig modelConfig,
            List<TagThreshold> thresholds,
            TrainingSummary summary,
            List<Integer> curvePositives,
            boolean calibrated,
            Core core,
            List<TimeModel> timeModels,
            List<ArrayEntry> arrays) {}

    /** The scalars of the scoring core; {@code classifier} null when it has none. */
    record Core(int tagCount, int soleTag, double sigma, Classifier classifier) {}

    /**
     * The scalars of the classifier: {@code kind} logistic, lda, knn or svm-ovr; {@code k} of k-NN;
     * the log-likelihood and regularisation of logistic regression.
     */
    record Classifier(String kind, int k, double logLikelihood, double lambda) {}

    /** A tag's time-of-day model; its observation angles are the array {@code time.<tag index>.angles}. */
    record TimeModel(int tag, double kappa, double uniformWeight, String zone) {}

    /** One array of the data part: its name, element type (f64 or i32) and shape (1 or 2 dimensions). */
    record ArrayEntry(String name, String type, long[] shape) {}

    // ---------------------------------------------------------------- writing

    /** The file bytes of a model. */
    static byte[] encode(OpenSetModel model) {
        Arrays out = new Arrays();
        List<String> tags = model.tags();
        ScoringCore.State s = model.core().state();
        out.i32("core.columns", s.columns());
        out.f64("core.mean", s.mean());
        out.f64("core.invStd", s.invStd());
        if (s.whitening() != null) {
            out.f64x2("core.whitening", s.whitening(), s.columns().length);
        }
        if (s.projection() != null) {
            out.f64x2("core.projection", s.projection(), s.columns().length);
            out.f64("core.offset", s.offset());
        }
        int q = s.projection() == null ? s.columns().length : s.offset().length;
        for (int t = 0; t < s.tagCount(); t++) {
            out.f64x2("core.tagPoints." + t, s.tagPoints()[t], q);
        }
        out.f64x2("core.background", s.backgroundPoints(), q);
        if (s.typical() != null) {
            out.f64("core.typical", s.typical());
        }
        Classifier classifier = null;
        if (s.classifier() != null) {
            PosteriorModel c = s.classifier();
            out.i32("classifier.classes", c.classes());
            switch (c) {
                case PosteriorModel.Logistic l -> {
                    double[][] w = l.weights();
                    out.f64x2("classifier.weights", w, w[0].length);
                    classifier = new Classifier(c.kind(), 0, l.logLikelihood(), l.lambda());
                }
                case PosteriorModel.Lda l -> {
                    out.f64("classifier.priori", l.priori());
                    out.f64x2("classifier.mu", l.mu(), q);
                    out.f64("classifier.eigen", l.eigen());
                    out.f64x2("classifier.scaling", l.scaling(), l.eigen().length);
                    classifier = new Classifier(c.kind(), 0, 0, 0);
                }
                case PosteriorModel.Knn k -> {
                    out.f64x2("classifier.points", k.points(), q);
                    out.i32("classifier.labels", k.labels());
                    classifier = new Classifier(c.kind(), k.k(), 0, 0);
                }
                case LinearSvmOvr svm -> {
                    out.f64x2("classifier.weights", svm.weights(), q);
                    out.f64("classifier.intercepts", svm.intercepts());
                    out.f64("classifier.plattAlpha", svm.alpha());
                    out.f64("classifier.plattBeta", svm.beta());
                    classifier = new Classifier(c.kind(), 0, 0, 0);
                }
            }
        }
        List<Integer> positives = new ArrayList<>();
        for (int t = 0; t < tags.size(); t++) {
            PrCurve curve = model.calibrationCurves().get(t);
            out.f64("curve." + t + ".thresholds", curve.thresholds());
            out.f64("curve." + t + ".precision", curve.precision());
            out.f64("curve." + t + ".recall", curve.recall());
            positives.add(curve.positives());
        }
        boolean calibrated = !model.calibrations().isEmpty();
        if (calibrated) {
            for (int t = 0; t < tags.size(); t++) {
                TagCalibration c = model.calibrations().get(t);
                out.f64("calibration." + t + ".positives", c.positives());
                out.f64("calibration." + t + ".background", c.background());
                out.f64("calibration." + t + ".others", c.others());
                out.i32("calibration." + t + ".suspects", c.suspects());
                out.f64("calibration." + t + ".suspectScores", c.suspectScores());
            }
        }
        double[] spreadFloors = model.spreadFloors(); // empty when the spread test is off
        if (spreadFloors.length > 0) {
            out.f64("spread.floors", spreadFloors);
        }
        if (model.scoreMap() != null) {
            out.f64("score.map", model.scoreMap().flat());
        }
        List<TimeModel> times = new ArrayList<>();
        for (Map.Entry<String, TimeOfDayModel> e : new TreeMap<>(model.timeModels()).entrySet()) {
            int t = tags.indexOf(e.getKey());
            TimeOfDayModel tm = e.getValue();
            out.f64("time." + t + ".angles", tm.anglesRad());
            times.add(new TimeModel(t, tm.kappa(), tm.uniformWeight(), tm.zone().getId()));
        }
        Manifest manifest = new Manifest(
                FORMAT,
                model.created().toString(),
                tags,
                model.featureConfig(),
                model.featureConfig().fingerprint(),
                model.config(),
                model.thresholds(),
                model.summary(),
                positives,
                calibrated,
                new Core(s.tagCount(), s.soleTag(), s.sigma(), classifier),
                times,
                out.entries);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(manifest);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the model manifest", e);
        }
        int data = out.bytes;
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + json.length + data + TRAILER_BYTES);
        b.put(MAGIC);
        b.order(ByteOrder.BIG_ENDIAN)
                .putInt(FORMAT)
                .putInt(model.featureConfig().version());
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(json.length).putLong(data);
        b.put(json);
        for (Object values : out.values) {
            if (values instanceof double[] d) {
                for (double v : d) {
                    b.putDouble(v);
                }
            } else {
                for (int v : (int[]) values) {
                    b.putInt(v);
                }
            }
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** The arrays of a file being written, in order. */
    private static final class Arrays {
        final List<ArrayEntry> entries = new ArrayList<>();
        final List<Object> values = new ArrayList<>();
        int bytes;

        void f64(String name, double[] v) {
            entries.add(new ArrayEntry(name, F64, new long[] {v.length}));
            values.add(v);
            bytes = Math.addExact(bytes, Math.multiplyExact(v.length, Double.BYTES));
        }

        void i32(String name, int[] v) {
            entries.add(new ArrayEntry(name, I32, new long[] {v.length}));
            values.add(v);
            bytes = Math.addExact(bytes, Math.multiplyExact(v.length, Integer.BYTES));
        }

        void f64x2(String name, double[][] rows, int columns) {
            double[] flat = new double[Math.multiplyExact(rows.length, columns)];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != columns) {
                    throw new IllegalStateException(
                            name + " row " + i + " has " + rows[i].length + " values, not " + columns);
                }
                System.arraycopy(rows[i], 0, flat, i * columns, columns);
            }
            entries.add(new ArrayEntry(name, F64, new long[] {rows.length, columns}));
            values.add(flat);
            bytes = Math.addExact(bytes, Math.multiplyExact(flat.length, Double.BYTES));
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a model file's bytes.
     *
     * @param source how to name the file in messages
     * @throws IncompatibleModelException for any file that is not a sound format 2 model of this
     *     build's feature version
     */
    static OpenSetModel decode(byte[] b, String source, ModelLimits limits) {
        int format = checkPrefix(b, source);
        if (format == LegacyModelReader.FORMAT) {
            throw new IncompatibleModelException(
                    IncompatibleModelException.Kind.OLD_FORMAT,
                    source + " is in the old Java-serialised model format (1), which is no longer read as is: "
                            + "convert it once with `recognition convert-model IN OUT` (a hub converts the models "
                            + "it stores by itself when it starts)",
                    null);
        }
        if (format != FORMAT) {
            throw new IncompatibleModelException(
                    IncompatibleModelException.Kind.INCOMPATIBLE,
                    source + " has model format " + format + "; this build reads format " + FORMAT
                            + ". Retrain the model or use a matching build.",
                    null);
        }
        checkFeatureVersion(b, source, null);
        if (b.length < HEADER_BYTES + TRAILER_BYTES) {
            throw corrupt(source + " is truncated (" + b.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long manifestLength = Integer.toUnsignedLong(in.getInt(16));
        long dataLength = in.getLong(20);
        if (manifestLength > limits.maxManifestBytes()) {
            throw corrupt(source + " declares a manifest of " + manifestLength + " bytes, over the limit of "
                    + limits.maxManifestBytes());
        }
        if (dataLength < 0 || dataLength > limits.maxFileBytes()) {
            throw corrupt(source + " declares " + Long.toUnsignedString(dataLength)
                    + " bytes of arrays, over the limit of " + limits.maxFileBytes());
        }
        long expected = HEADER_BYTES + manifestLength + dataLength + TRAILER_BYTES;
        if (expected != b.length) {
            throw corrupt(source + (b.length < expected ? " is truncated" : " has trailing bytes") + ": it declares "
                    + expected + " bytes but has " + b.length);
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - TRAILER_BYTES);
        if ((int) crc.getValue() != in.getInt(b.length - TRAILER_BYTES)) {
            throw corrupt(source + " is corrupt (checksum mismatch)");
        }
        Manifest manifest;
        try {
            manifest = JSON.readValue(b, HEADER_BYTES, (int) manifestLength, Manifest.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw corrupt(source + " has an unreadable manifest: " + firstLine(e.getMessage()), e);
        }
        if (manifest == null || manifest.format() != FORMAT) {
            throw corrupt(source + " has a manifest of another format");
        }
        int dataStart = HEADER_BYTES + (int) manifestLength;
        ArrayTable arrays = ArrayTable.of(manifest.arrays(), in, dataStart, dataLength, limits, source);
        OpenSetModel model;
        try {
            model = build(manifest, arrays);
        } catch (IncompatibleModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(source + " is inconsistent: " + firstLine(String.valueOf(e.getMessage())), e);
        }
        String fingerprint;
        try {
            fingerprint = model.featureConfig().fingerprint();
        } catch (RuntimeException e) {
            throw new IncompatibleModelException(
                    IncompatibleModelException.Kind.INCOMPATIBLE,
                    source + " needs feature stages this machine cannot set up: " + firstLine(e.getMessage()),
                    e);
        }
        if (!fingerprint.equals(manifest.featureFingerprint())) {
            throw new IncompatibleModelException(
                    IncompatibleModelException.Kind.INCOMPATIBLE,
                    source + " was made for the feature config " + manifest.featureFingerprint()
                            + ", which this build computes as " + fingerprint + ". Retrain the model.",
                    null);
        }
        return model;
    }

    /** Checks the magic and returns the format version (both formats share the first 16 bytes). */
    static int checkPrefix(byte[] b, String source) {
        if (b.length < 16 || !java.util.Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw corrupt(source + " is not a Buddybork model file");
        }
        return ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).getInt(8);
    }

    /** Refuses a file made for another feature version (the big-endian int at offset 12 in both formats). */
    static void checkFeatureVersion(byte[] b, String source, String fingerprint) {
        int featureVersion = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).getInt(12);
        if (featureVersion != FeatureConfig.CURRENT_VERSION) {
            throw new IncompatibleModelException(
                    IncompatibleModelException.Kind.INCOMPATIBLE,
                    source + " was trained on feature version " + featureVersion
                            + (fingerprint == null ? "" : " (" + fingerprint + ")")
                            + ", but this build extracts feature version " + FeatureConfig.CURRENT_VERSION
                            + ". Retrain the model from its labels.",
                    null);
        }
    }

    private static OpenSetModel build(Manifest m, ArrayTable a) {
        PosteriorModel.require(m.tags() != null && m.core() != null && m.summary() != null, "parts are missing");
        PosteriorModel.require(m.featureConfig() != null && m.modelConfig() != null, "the configuration is missing");
        int k = m.tags().size();
        PosteriorModel.require(m.core().tagCount() == k, "the core scores another number of tags");
        int featureDimension = m.featureConfig().vectorLength();
        PosteriorModel.require(
                m.summary().featureDimension() == featureDimension,
                "the summary's feature dimension does not match the feature configuration");
        int[] columns = a.i32("core.columns");
        int d = columns.length;
        double[][] whitening = a.has("core.whitening") ? a.f64x2("core.whitening", d) : null;
        double[][] projection = null;
        double[] offset = null;
        if (a.has("core.projection") || a.has("core.offset")) {
            offset = a.f64("core.offset");
            projection = a.f64x2("core.projection", d);
        }
        int q = offset == null ? d : offset.length;
        double[][][] tagPoints = new double[k][][];
        for (int t = 0; t < k; t++) {
            tagPoints[t] = a.f64x2("core.tagPoints." + t, q);
        }
        PosteriorModel classifier =
                m.core().classifier() == null ? null : classifier(m.core().classifier(), a, q);
        ScoringCore core = ScoringCore.restore(
                new ScoringCore.State(
                        m.modelConfig(),
                        k,
                        columns,
                        a.f64("core.mean"),
                        a.f64("core.invStd"),
                        whitening,
                        projection,
                        offset,
                        classifier,
                        m.core().soleTag(),
                        tagPoints,
                        a.f64x2("core.background", q),
                        m.core().sigma(),
                        a.has("core.typical") ? a.f64("core.typical") : null),
                featureDimension,
                // Names only matter to window matching and views; resolving them reads an onnx stage's descriptor.
                m.featureConfig().stages().contains(io.buddybork.recognition.embedding.SpeechEmbedder.WINDOWS_STAGE)
                                || m.modelConfig().views() != ModelConfig.Views.NONE
                        ? io.buddybork.recognition.feature.FeatureLayout.of(m.featureConfig())
                                .names()
                        : null);
        PosteriorModel.require(
                m.curvePositives() != null && m.curvePositives().size() == k, "need one calibration curve per tag");
        List<PrCurve> curves = new ArrayList<>();
        List<TagCalibration> calibrations = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            double[] thresholds = a.f64("curve." + t + ".thresholds");
            double[] precision = a.f64("curve." + t + ".precision");
            double[] recall = a.f64("curve." + t + ".recall");
            PosteriorModel.require(
                    precision.length == thresholds.length && recall.length == thresholds.length,
                    "a calibration curve's arrays differ in length");
            Integer positives = m.curvePositives().get(t);
            PosteriorModel.require(positives != null && positives >= 0, "a curve's positive count is negative");
            curves.add(new PrCurve(thresholds, precision, recall, positives));
            if (m.calibrated()) {
                double[] suspectScores = a.f64("calibration." + t + ".suspectScores");
                int[] suspects = a.i32("calibration." + t + ".suspects");
                PosteriorModel.require(suspects.length == suspectScores.length, "suspects and their scores differ");
                calibrations.add(new TagCalibration(
                        m.tags().get(t),
                        a.f64("calibration." + t + ".positives"),
                        a.f64("calibration." + t + ".background"),
                        a.f64("calibration." + t + ".others"),
                        suspects,
                        suspectScores));
            }
        }
        Map<String, TimeOfDayModel> timeModels = new HashMap<>();
        for (TimeModel tm : m.timeModels() == null ? List.<TimeModel>of() : m.timeModels()) {
            PosteriorModel.require(tm != null && tm.tag() >= 0 && tm.tag() < k, "a time model belongs to no tag");
            String tag = m.tags().get(tm.tag());
            PosteriorModel.require(!timeModels.containsKey(tag), "a tag has two time models");
            timeModels.put(
                    tag,
                    TimeOfDayModel.of(
                            a.f64("time." + tm.tag() + ".angles"), tm.kappa(), tm.uniformWeight(), tm.zone()));
        }
        PosteriorModel.require(m.created() != null, "the creation time is missing");
        return OpenSetModel.restore(
                m.tags(),
                m.featureConfig(),
                m.modelConfig(),
                core,
                m.thresholds(),
                curves,
                calibrations,
                a.has("spread.floors") ? a.f64("spread.floors") : null,
                a.has("score.map") ? TagScoreMap.ofFlat(a.f64("score.map")) : null,
                timeModels,
                m.summary(),
                Instant.parse(m.created()));
    }

    private static PosteriorModel classifier(Classifier c, ArrayTable a, int q) {
        int[] classes = a.i32("classifier.classes");
        return switch (String.valueOf(c.kind())) {
            case "logistic" -> {
                double[][] w = a.f64x2("classifier.weights", q + 1);
                yield new PosteriorModel.Logistic(classes, w, c.logLikelihood(), c.lambda());
            }
            case "lda" -> {
                double[] eigen = a.f64("classifier.eigen");
                yield new PosteriorModel.Lda(
                        classes,
                        a.f64("classifier.priori"),
                        a.f64x2("classifier.mu", q),
                        eigen,
                        a.f64x2("classifier.scaling", eigen.length));
            }
            case "knn" -> {
                PosteriorModel.Knn knn =
                        new PosteriorModel.Knn(a.f64x2("classifier.points", q), a.i32("classifier.labels"), c.k());
                PosteriorModel.require(java.util.Arrays.equals(knn.classes(), classes), "k-NN classes do not match");
                yield knn;
            }
            case "svm-ovr" ->
                new LinearSvmOvr(
                        classes,
                        a.f64x2("classifier.weights", q),
                        a.f64("classifier.intercepts"),
                        a.f64("classifier.plattAlpha"),
                        a.f64("classifier.plattBeta"));
            default -> throw new IllegalArgumentException("unknown classifier kind " + c.kind());
        };
    }

    /**
     * The declared arrays of a file, located and size-checked before any is read: each lies inside
     * the data part, within the per-array cap, and together they fill the data part exactly. Arrays
     * are read (allocated) only when asked for.
     */
    static final class ArrayTable {
        private record Slot(String type, long[] shape, int offset, int elements) {}

        private final Map<String, Slot> slots;
        private final ByteBuffer in;
        private final String source;

        private ArrayTable(Map<String, Slot> slots, ByteBuffer in, String source) {
            this.slots = slots;
            this.in = in;
            this.source = source;
        }

        static ArrayTable of(
                List<ArrayEntry> entries,
                ByteBuffer in,
                int dataStart,
                long dataLength,
                ModelLimits limits,
                String source) {
            if (entries == null) {
                throw corrupt(source + " declares no arrays");
            }
            Map<String, Slot> slots = new LinkedHashMap<>();
            long offset = dataStart;
            for (ArrayEntry e : entries) {
                if (e == null
                        || e.name() == null
                        || e.name().isEmpty()
                        || e.name().length() > MAX_NAME) {
                    throw corrupt(source + " declares an array without a proper name");
                }
                String name = e.name();
                int size;
                if (F64.equals(e.type())) {
                    size = Double.BYTES;
                } else if (I32.equals(e.type())) {
                    size = Integer.BYTES;
                } else {
                    throw corrupt(source + " declares array " + name + " of unknown type " + e.type());
                }
                long[] shape = e.shape();
                if (shape == null || shape.length < 1 || shape.length > 2) {
                    throw corrupt(source + " declares array " + name + " with a shape of 1 or 2 dimensions expected");
                }
                long elements = 1;
                for (long dim : shape) {
                    if (dim < 0 || dim > limits.maxArrayElements()) {
                        throw corrupt(source + " declares array " + name + " with dimension " + dim + " (limit "
                                + limits.maxArrayElements() + ")");
                    }
                    elements *= dim; // both factors <= 2^31: no overflow
                }
                if (shape.length == 2 && shape[1] == 0) {
                    throw corrupt(source + " declares array " + name + " with rows of no values");
                }
                if (elements > limits.maxArrayElements()) {
                    throw corrupt(source + " declares array " + name + " of " + elements + " elements (limit "
                            + limits.maxArrayElements() + ")");
                }
                long bytes = elements * size;
                if (offset - dataStart + bytes > dataLength) {
                    throw corrupt(source + " declares array " + name + " beyond the end of its data");
                }
                if (slots.putIfAbsent(name, new Slot(e.type(), shape.clone(), (int) offset, (int) elements)) != null) {
                    throw corrupt(source + " declares array " + name + " twice");
                }
                offset += bytes;
            }
            if (offset - dataStart != dataLength) {
                throw corrupt(source + " has " + (dataLength - (offset - dataStart))
                        + " bytes of data that no array declares");
            }
            return new ArrayTable(slots, in, source);
        }

        boolean has(String name) {
            return slots.containsKey(name);
        }

        private Slot slot(String name, String type, int rank) {
            Slot s = slots.get(name);
            if (s == null) {
                throw corrupt(source + " lacks the array " + name);
            }
            if (!s.type().equals(type) || s.shape().length != rank) {
                throw corrupt(source + " has array " + name + " of another type or shape");
            }
            return s;
        }

        double[] f64(String name) {
            Slot s = slot(name, F64, 1);
            double[] out = new double[s.elements()];
            in.slice(s.offset(), s.elements() * Double.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asDoubleBuffer()
                    .get(out);
            return out;
        }

        int[] i32(String name) {
            Slot s = slot(name, I32, 1);
            int[] out = new int[s.elements()];
            in.slice(s.offset(), s.elements() * Integer.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asIntBuffer()
                    .get(out);
            return out;
        }

        /** A 2-D f64 array whose rows must have {@code columns} values. */
        double[][] f64x2(String name, int columns) {
            Slot s = slot(name, F64, 2);
            if (s.shape()[1] != columns) {
                throw corrupt(source + " has array " + name + " with rows of " + s.shape()[1] + " values, expected "
                        + columns);
            }
            int rows = (int) s.shape()[0];
            java.nio.DoubleBuffer values = in.slice(s.offset(), s.elements() * Double.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asDoubleBuffer();
            double[][] out = new double[rows][columns];
            for (double[] row : out) {
                values.get(row);
            }
            return out;
        }
    }

    static IncompatibleModelException corrupt(String message) {
        return new IncompatibleModelException(IncompatibleModelException.Kind.CORRUPT, message, null);
    }

    static IncompatibleModelException corrupt(String message, Throwable cause) {
        return new IncompatibleModelException(IncompatibleModelException.Kind.CORRUPT, message, cause);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}

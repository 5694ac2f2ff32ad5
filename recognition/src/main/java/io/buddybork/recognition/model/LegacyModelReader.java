package io.buddybork.recognition.model;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.time.TimeOfDayModel;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import smile.classification.LDA;
import smile.classification.LinearSVM;
import smile.classification.LogisticRegression;

/**
 * Reads a model file of the old format 1 (a Java-serialised object graph) once, to convert it:
 * only the exact classes such files hold are admitted (checked by name before any class is
 * loaded), this code's own classes are read into the plain stand-ins of the {@code legacy}
 * package, and a filter bounds depth, references, bytes and every array's length by what the
 * remaining bytes can hold, so that a hostile file is refused before it allocates much or runs
 * anything. Models with the k-NN classifier (whose search tree serialises a lambda) cannot be
 * converted. Stateless and thread-safe.
 */
final class LegacyModelReader {

    /** The format version of Java-serialised model files. */
    static final int FORMAT = 1;

    /** Deepest nesting a format 1 model needs (measured: 9), with margin. */
    static final int MAX_DEPTH = 16;
    /** Most object references a format 1 model may hold. */
    static final int MAX_REFERENCES = 1_000_000;

    private static final String MODEL = "io.buddybork.recognition.model.";
    /**
     * This code's own classes, and the JDK collections (whose reading would hash keys a hostile
     * file controls), read into plain stand-ins.
     */
    private static final Map<String, Class<?>> STAND_INS = Map.of(
            MODEL + "OpenSetModel",
            io.buddybork.recognition.model.legacy.OpenSetModel.class,
            MODEL + "ScoringCore",
            io.buddybork.recognition.model.legacy.ScoringCore.class,
            MODEL + "LinearSvmOvr",
            io.buddybork.recognition.model.legacy.LinearSvmOvr.class,
            "io.buddybork.recognition.time.TimeOfDayModel",
            io.buddybork.recognition.model.legacy.TimeOfDayModel.class,
            "java.util.HashMap",
            io.buddybork.recognition.model.legacy.HashMap.class,
            "java.util.LinkedHashMap",
            io.buddybork.recognition.model.legacy.LinkedHashMap.class,
            "java.util.CollSer",
            io.buddybork.recognition.model.legacy.CollSer.class);

    /** What the stand-ins of the JDK collections resolve to. */
    private static final Set<Class<?>> RESOLVED = Set.of(
            io.buddybork.recognition.model.legacy.ReadList.class, io.buddybork.recognition.model.legacy.ReadMap.class);

    /** Every other class a format 1 model holds: its records and Smile's classifiers. */
    private static final Set<String> ALLOWED = Set.of(
            MODEL + "ModelConfig",
            MODEL + "ModelConfig$ClassifierKind",
            MODEL + "ModelConfig$Inputs",
            MODEL + "ModelConfig$Normalisation",
            MODEL + "ModelConfig$Projector",
            MODEL + "ModelConfig$ScoreFunction",
            MODEL + "PrCurve",
            MODEL + "TagCalibration",
            MODEL + "TagThreshold",
            MODEL + "TrainingSummary",
            "io.buddybork.recognition.feature.FeatureConfig",
            "java.lang.Enum",
            "java.lang.Number",
            "java.lang.Integer",
            "java.time.Instant",
            "java.time.Ser",
            "smile.classification.AbstractClassifier",
            "smile.classification.LogisticRegression",
            "smile.classification.LogisticRegression$Binomial",
            "smile.classification.LogisticRegression$Multinomial",
            "smile.classification.LDA",
            "smile.classification.LinearSVM",
            "smile.classification.PlattScaling",
            "smile.model.svm.LinearKernelMachine",
            "smile.tensor.DenseMatrix",
            "smile.tensor.DenseMatrix64",
            "smile.tensor.Vector",
            "smile.tensor.Vector64",
            "smile.util.IntSet",
            "[D",
            "[[D",
            "[[[D",
            "[I",
            "[Lsmile.classification.LinearSVM;",
            "[Lsmile.classification.PlattScaling;");

    private LegacyModelReader() {}

    /**
     * Reads a format 1 file's bytes (whose magic and format the caller checked) into a model.
     *
     * @throws IncompatibleModelException when the file is corrupt, hostile, made for another feature
     *     version, or holds a model that cannot be converted
     */
    static OpenSetModel read(byte[] bytes, String source) {
        byte[] body;
        String fingerprint;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.skipNBytes(12);
            in.readInt();
            fingerprint = in.readUTF();
            ModelCodec.checkFeatureVersion(bytes, source, fingerprint);
            int length = in.readInt();
            if (length < 0 || length > in.available() - Long.BYTES) {
                throw ModelCodec.corrupt(source + " is truncated or corrupt");
            }
            body = in.readNBytes(length);
            long expected = in.readLong();
            CRC32 crc = new CRC32();
            crc.update(body);
            if (crc.getValue() != expected) {
                throw ModelCodec.corrupt(source + " is corrupt (checksum mismatch)");
            }
        } catch (IOException e) {
            throw ModelCodec.corrupt(source + " is truncated", e);
        }
        Object graph;
        try (ObjectInputStream ois = new StandInStream(body)) {
            ois.setObjectInputFilter(filter(body.length));
            graph = ois.readObject();
        } catch (InvalidClassException e) {
            if (e.classname != null && e.classname.startsWith("smile.classification.KNN")) {
                throw new IncompatibleModelException(
                        IncompatibleModelException.Kind.INCOMPATIBLE,
                        source + " uses the k-NN classifier, whose old files cannot be converted: retrain the model",
                        e);
            }
            throw ModelCodec.corrupt(source + " is not a model this build can convert: " + e.getMessage(), e);
        } catch (IOException | ClassNotFoundException | RuntimeException | StackOverflowError e) {
            throw ModelCodec.corrupt(source + " cannot be read as an old model: " + e, e);
        }
        if (!(graph instanceof io.buddybork.recognition.model.legacy.OpenSetModel old)) {
            throw ModelCodec.corrupt(source + " does not hold a model");
        }
        OpenSetModel model;
        try {
            model = convert(old);
        } catch (IncompatibleModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ModelCodec.corrupt(source + " holds an inconsistent model: " + e.getMessage(), e);
        }
        if (!model.featureConfig().fingerprint().equals(fingerprint)) {
            throw new IncompatibleModelException(
                    IncompatibleModelException.Kind.INCOMPATIBLE,
                    source + " header and body disagree on the feature config",
                    null);
        }
        return model;
    }

    /**
     * Admits only the allowed classes and bounds the graph: depth, references, bytes, and each
     * array's length by the bytes left (an array's elements take at least one byte each in the
     * stream, primitives their full width), so a declared length cannot allocate more than a small
     * multiple of the file.
     */
    private static ObjectInputFilter filter(int bodyLength) {
        return info -> {
            if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES || info.streamBytes() > bodyLength) {
                return ObjectInputFilter.Status.REJECTED;
            }
            Class<?> type = info.serialClass();
            if (type == null) {
                return ObjectInputFilter.Status.UNDECIDED;
            }
            boolean known =
                    ALLOWED.contains(type.getName()) || STAND_INS.containsValue(type) || RESOLVED.contains(type);
            if (!known) {
                return ObjectInputFilter.Status.REJECTED;
            }
            if (type.isArray() && info.arrayLength() >= 0) {
                long remaining = Math.max(0, bodyLength - info.streamBytes());
                Class<?> element = type.getComponentType();
                long width = element == double.class || element == long.class
                        ? 8
                        : element == int.class || element == float.class ? 4 : 1;
                if (info.arrayLength() > remaining / width) {
                    return ObjectInputFilter.Status.REJECTED;
                }
            }
            return ObjectInputFilter.Status.ALLOWED;
        };
    }

    /** Resolves only allowed class names (before loading anything), this code's own to the stand-ins. */
    private static final class StandInStream extends ObjectInputStream {
        StandInStream(byte[] body) throws IOException {
            super(new ByteArrayInputStream(body));
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            String name = desc.getName();
            Class<?> standIn = STAND_INS.get(name);
            if (standIn != null) {
                return standIn;
            }
            if (!ALLOWED.contains(name)) {
                throw new InvalidClassException(name, "not a class of a model file");
            }
            return Class.forName(name, false, LegacyModelReader.class.getClassLoader());
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
            throw new InvalidClassException("proxy", "model files hold no proxies");
        }
    }

    private static OpenSetModel convert(io.buddybork.recognition.model.legacy.OpenSetModel old) {
        io.buddybork.recognition.model.legacy.ScoringCore c = old.core();
        PosteriorModel.require(c != null && old.config() != null && old.summary() != null, "parts are missing");
        PosteriorModel classifier = null;
        if (c.svm() != null) {
            io.buddybork.recognition.model.legacy.LinearSvmOvr svm = c.svm();
            LinearSVM[] machines = svm.machines();
            int n = machines.length;
            PosteriorModel.require(svm.platt() != null && svm.platt().length == n, "the SVM lacks its scaling");
            double[][] weights = new double[n][];
            double[] intercepts = new double[n];
            double[] alpha = new double[n];
            double[] beta = new double[n];
            for (int i = 0; i < n; i++) {
                weights[i] = machines[i].weights().clone();
                intercepts[i] = machines[i].intercept();
                double[] ab = SmileParameters.platt(svm.platt()[i]);
                alpha[i] = ab[0];
                beta[i] = ab[1];
            }
            classifier = new LinearSvmOvr(svm.classes(), weights, intercepts, alpha, beta);
        } else if (c.classifier() instanceof LogisticRegression lr) {
            classifier = PosteriorModel.Logistic.of(lr, old.config().lambda());
        } else if (c.classifier() instanceof LDA lda) {
            classifier = PosteriorModel.Lda.of(lda);
        } else if (c.classifier() != null) {
            throw new IllegalArgumentException(
                    "unknown classifier " + c.classifier().getClass().getName());
        }
        ScoringCore core = ScoringCore.restore(
                new ScoringCore.State(
                        c.config(),
                        c.tagCount(),
                        c.columns(),
                        c.mean(),
                        c.invStd(),
                        c.whitening(),
                        c.projection(),
                        c.offset(),
                        classifier,
                        c.soleTag(),
                        c.tagPoints(),
                        c.backgroundPoints(),
                        c.sigma(),
                        c.typical()),
                old.summary().featureDimension());
        Map<String, TimeOfDayModel> timeModels = new HashMap<>();
        if (old.timeModels() != null) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) old.timeModels()).entrySet()) {
                var tm = cast(e.getValue(), io.buddybork.recognition.model.legacy.TimeOfDayModel.class);
                timeModels.put(
                        cast(e.getKey(), String.class),
                        TimeOfDayModel.of(tm.anglesRad(), tm.kappa(), tm.uniformWeight(), tm.zone()));
            }
        }
        List<TagCalibration> calibrations =
                old.calibrations() == null ? List.of() : list(old.calibrations(), TagCalibration.class);
        TrainingSummary s = old.summary();
        TrainingSummary summary = new TrainingSummary(
                counts(s.examplesPerTag()),
                counts(s.groupsPerTag()),
                s.backgroundExamples(),
                s.backgroundGroups(),
                s.featureDimension(),
                s.projectedDimension(),
                s.calibrationFolds(),
                s.distanceScale(),
                s.seed(),
                s.trainingMillis());
        FeatureConfig fc = old.featureConfig();
        PosteriorModel.require(fc != null, "the feature configuration is missing");
        return OpenSetModel.restore(
                list(old.tags(), String.class),
                fc.withStages(list(fc.stages(), String.class)),
                old.config(),
                core,
                list(old.thresholds(), TagThreshold.class),
                list(old.curves(), PrCurve.class),
                calibrations,
                null, // format 1 had no spread test
                null, // nor score calibration
                timeModels,
                summary,
                old.created());
    }

    /** A copy of a list read from the file whose elements must all be {@code type}. */
    private static <T> List<T> list(List<?> values, Class<T> type) {
        PosteriorModel.require(values != null, "a list is missing");
        List<T> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(cast(v, type));
        }
        return out;
    }

    /** A copy of a tag count map read from the file. */
    private static Map<String, Integer> counts(Map<?, ?> map) {
        PosteriorModel.require(map != null, "a map is missing");
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(cast(e.getKey(), String.class), cast(e.getValue(), Integer.class));
        }
        return out;
    }

    private static <T> T cast(Object value, Class<T> type) {
        PosteriorModel.require(type.isInstance(value), "expected a " + type.getSimpleName() + " in the model");
        return type.cast(value);
    }
}

package io.buddybork.hub.model;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.recognition.model.ModelConfig;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model options the recognition module offers, read from {@link ModelConfig}'s record
 * components (enums become choices, numbers stay numbers), so that an option added there appears
 * in the API and on the page without code here. Requests name options by component name; what is
 * not named keeps {@link ModelConfig#defaults()}. Stateless.
 */
public final class ModelOptions {

    /** Short explanations of the options known today; new options are shown without one. */
    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("projector", "dimensionality reduction after standardising the features"),
            Map.entry("pcaVariance", "share of variance PCA keeps (PCA only)"),
            Map.entry("classifier", "classifier over the chosen tags"),
            Map.entry("lambda", "L2 regularisation of logistic regression"),
            Map.entry("svmC", "soft-margin penalty of the SVM"),
            Map.entry("knnK", "neighbours of k-NN and of the distance scores"),
            Map.entry("score", "how each tag's open-set score is computed"),
            Map.entry("targetPrecision", "precision each tag's threshold aims for on background audio"),
            Map.entry("windowSeconds", "score longer clips as windows of this length (0 = whole clip)"),
            Map.entry("hopSeconds", "hop between those windows"),
            Map.entry("timePriorWeight", "strength of the time-of-day prior (0 = off)"),
            Map.entry("inputs", "which features the model reads"),
            Map.entry("normalisation", "which statistics standardise the features (TRAINING: all training audio)"),
            Map.entry("poolTopK", "score a clip by the mean of its best k windows (0 = all windows)"),
            Map.entry("typicality", "how far each tag's scores are evened out against its typical score (0 = off)"),
            Map.entry(
                    "folds",
                    "what threshold calibration holds out together: each annotation (CLIP) or each recording"
                            + " session, annotations less than 30 minutes apart (SESSION)"),
            Map.entry(
                    "spreadKeep",
                    "a detection also needs to be as close to one of the tag's examples as this share of its own"
                            + " examples are (0 = off, 1 = as close as the least typical one)"),
            Map.entry("typicalBy", "what a tag's typical score leaves out at a time: CLIP or SESSION"));

    /**
     * Options of the recognition module the hub does not offer: background-mix augmentation is made
     * by the caller (the CLI's evaluation), and it did not help in the rotations (docs/recognition.md).
     */
    private static final java.util.Set<String> NOT_IN_THE_HUB =
            java.util.Set.of("mixes", "mixSnrMinDb", "mixSnrMaxDb", "mixGainDb");

    private ModelOptions() {}

    /** One option: its name, kind ({@code choice}, {@code number}, {@code integer}, {@code boolean}, {@code text}), choices, default. */
    public record Option(String name, String kind, List<String> choices, Object defaultValue, String help) {}

    /** Every option with its default. */
    public static List<Option> describe() {
        ModelConfig defaults = ModelConfig.defaults();
        List<Option> out = new ArrayList<>();
        for (RecordComponent c : ModelConfig.class.getRecordComponents()) {
            String kind = offered(c);
            if (kind == null) {
                continue;
            }
            List<String> choices = c.getType().isEnum()
                    ? Arrays.stream(c.getType().getEnumConstants())
                            .map(e -> ((Enum<?>) e).name())
                            .toList()
                    : List.of();
            out.add(new Option(c.getName(), kind, choices, jsonValue(read(c, defaults)), HELP.get(c.getName())));
        }
        return out;
    }

    /** The options of a configuration as a JSON-ready map (component name to value). */
    public static Map<String, Object> toMap(ModelConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : ModelConfig.class.getRecordComponents()) {
            if (offered(c) != null) {
                out.put(c.getName(), jsonValue(read(c, config)));
            }
        }
        return out;
    }

    /**
     * The configuration of {@code options} over the defaults.
     *
     * @throws ProblemException 400 {@code unknown-option} or {@code bad-option}
     */
    public static ModelConfig parse(Map<String, Object> options) {
        ModelConfig defaults = ModelConfig.defaults();
        if (options == null || options.isEmpty()) {
            return defaults;
        }
        RecordComponent[] components = ModelConfig.class.getRecordComponents();
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            if (offered(c) != null) {
                byName.put(c.getName(), c);
            }
        }
        for (String name : options.keySet()) {
            if (!byName.containsKey(name)) {
                throw ProblemException.badRequest(
                        "unknown-option",
                        "unknown model option '" + name + "'; the options are " + String.join(", ", byName.keySet()));
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            args[i] = options.containsKey(c.getName()) && options.get(c.getName()) != null
                    ? convert(c, options.get(c.getName()))
                    : read(c, defaults);
        }
        try {
            Constructor<ModelConfig> ctor = ModelConfig.class.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw ProblemException.badRequest(
                    "bad-option",
                    e.getCause() == null
                            ? "invalid model options"
                            : e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build ModelConfig", e);
        }
    }

    /** The option kind of a component the hub offers, or null. */
    private static String offered(RecordComponent c) {
        return NOT_IN_THE_HUB.contains(c.getName()) ? null : kindOf(c.getType());
    }

    private static Object convert(RecordComponent c, Object value) {
        Class<?> t = c.getType();
        String name = c.getName();
        if (t.isEnum()) {
            String text = String.valueOf(value).trim().toUpperCase(Locale.ROOT);
            for (Object e : t.getEnumConstants()) {
                if (((Enum<?>) e).name().equals(text)) {
                    return e;
                }
            }
            throw ProblemException.badRequest(
                    "bad-option",
                    "option " + name + " must be one of "
                            + Arrays.stream(t.getEnumConstants())
                                    .map(e -> ((Enum<?>) e).name())
                                    .toList() + ", got '" + value + "'");
        }
        if (t == boolean.class || t == Boolean.class) {
            if (value instanceof Boolean b) {
                return b;
            }
            throw ProblemException.badRequest("bad-option", "option " + name + " must be true or false");
        }
        if (t == String.class) {
            return String.valueOf(value);
        }
        double d;
        if (value instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest(
                        "bad-option", "option " + name + " must be a number, got '" + value + "'");
            }
        }
        if (!Double.isFinite(d)) {
            throw ProblemException.badRequest("bad-option", "option " + name + " must be a finite number");
        }
        if (t == int.class || t == Integer.class) {
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw ProblemException.badRequest(
                        "bad-option", "option " + name + " must be a whole number, got " + value);
            }
            return (int) d;
        }
        if (t == long.class || t == Long.class) {
            if (d != Math.rint(d)) {
                throw ProblemException.badRequest(
                        "bad-option", "option " + name + " must be a whole number, got " + value);
            }
            return (long) d;
        }
        if (t == float.class || t == Float.class) {
            return (float) d;
        }
        return d;
    }

    private static String kindOf(Class<?> t) {
        if (t.isEnum()) {
            return "choice";
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return "number";
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return "integer";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "boolean";
        }
        if (t == String.class) {
            return "text";
        }
        return null;
    }

    private static Object read(RecordComponent c, ModelConfig config) {
        try {
            return c.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read ModelConfig." + c.getName(), e);
        }
    }

    private static Object jsonValue(Object v) {
        return v instanceof Enum<?> e ? e.name() : v;
    }
}

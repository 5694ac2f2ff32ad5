package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.buddybork.recognition.feature.FeatureConfig;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The plain-data model file (format 2): exact round trips, and refusal of every malformed file. */
class ModelFileFormatTest {

    @TempDir
    Path dir;

    private static OpenSetModel small;
    private static byte[] smallBytes;

    @BeforeAll
    static void train() {
        small = GaussianSets.smallModel();
        smallBytes = ModelStore.toBytes(small);
    }

    static Stream<String> configurations() {
        return Stream.of(
                "default",
                "previous",
                "baseline",
                "classifier=LOGISTIC,score=POSTERIOR_COSINE,projector=PCA,pca-variance=0.9,norm=BACKGROUND",
                "projector=PCA,pca-variance=0.5,classifier=LDA,score=POSTERIOR_DISTANCE,norm=BACKGROUND_WHITEN,pool=1",
                "classifier=KNN,score=POSTERIOR_BACKGROUND,k=3",
                "classifier=SVM,score=POSTERIOR,projector=NONE,time-prior-weight=1",
                "score=COSINE,typicality=1",
                "score=DISTANCE,norm=BACKGROUND_CENTRE",
                "spread=0.8,folds=SESSION,typical-by=SESSION");
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void aReloadedModelScoresBitForBitLikeTheTrainedOne(String spec) throws Exception {
        FeatureConfig fc = FeatureConfig.statisticsOnly();
        List<String> tags = spec.contains("LOGISTIC,score=POSTERIOR_COSINE")
                ? List.of("bark", "doorbell")
                : List.of("bark", "doorbell", "kettle");
        TrainingSet set = GaussianSets.set(fc, tags, 12, 20, spec.hashCode());
        OpenSetModel model = OpenSetModel.train(set, fc, ModelConfig.parse(spec), 7, ZoneOffset.UTC);
        Path file = dir.resolve("m.model");
        ModelStore.save(model, file);
        OpenSetModel loaded = ModelStore.load(file);

        assertSameModel(loaded, model, set.features());
        assertThat(loaded.config()).isEqualTo(model.config());
        assertThat(loaded.spreadFloors()).containsExactly(model.spreadFloors());
    }

    @Test
    void aModelOfOneTagRoundTrips() throws Exception {
        FeatureConfig fc = FeatureConfig.statisticsOnly();
        TrainingSet set = GaussianSets.set(fc, List.of("bark"), 6, 8, 5);
        for (String spec : List.of("default", "score=POSTERIOR")) {
            OpenSetModel model = OpenSetModel.train(set, fc, ModelConfig.parse(spec), 1, ZoneOffset.UTC);
            OpenSetModel loaded = ModelStore.fromBytes(ModelStore.toBytes(model), "one-tag", ModelLimits.defaults());
            assertSameModel(loaded, model, set.features());
        }
    }

    static void assertSameModel(OpenSetModel loaded, OpenSetModel model, float[][] vectors) {
        Instant noon = Instant.parse("2026-01-01T12:00:00Z");
        for (float[] x : vectors) {
            for (Instant at : new Instant[] {null, noon}) {
                Prediction a = model.predictWindows(List.of(x), at);
                Prediction b = loaded.predictWindows(List.of(x), at);
                assertThat(b.known()).isEqualTo(a.known());
                assertThat(b.bestTag()).isEqualTo(a.bestTag());
                for (String tag : model.tags()) {
                    assertThat(Double.doubleToRawLongBits(b.tagScores().get(tag)))
                            .as("score of %s", tag)
                            .isEqualTo(Double.doubleToRawLongBits(a.tagScores().get(tag)));
                }
            }
            assertThat(Double.doubleToRawLongBits(loaded.novelty(x)))
                    .isEqualTo(Double.doubleToRawLongBits(model.novelty(x)));
        }
        assertThat(loaded.tags()).isEqualTo(model.tags());
        assertThat(loaded.thresholds()).isEqualTo(model.thresholds());
        assertThat(loaded.featureConfig()).isEqualTo(model.featureConfig());
        assertThat(loaded.config()).isEqualTo(model.config());
        assertThat(loaded.summary()).isEqualTo(model.summary());
        assertThat(loaded.created()).isEqualTo(model.created());
        assertThat(loaded.timeModels().keySet()).isEqualTo(model.timeModels().keySet());
        assertThat(loaded.calibrations()).hasSameSizeAs(model.calibrations());
        for (int t = 0; t < model.tags().size(); t++) {
            PrCurve a = model.calibrationCurves().get(t);
            PrCurve b = loaded.calibrationCurves().get(t);
            assertThat(b.thresholds()).isEqualTo(a.thresholds());
            assertThat(b.precision()).isEqualTo(a.precision());
            assertThat(b.recall()).isEqualTo(a.recall());
            assertThat(b.positives()).isEqualTo(a.positives());
        }
        for (int t = 0; t < model.calibrations().size(); t++) {
            TagCalibration a = model.calibrations().get(t);
            TagCalibration b = loaded.calibrations().get(t);
            assertThat(b.tag()).isEqualTo(a.tag());
            assertThat(b.positives()).isEqualTo(a.positives());
            assertThat(b.background()).isEqualTo(a.background());
            assertThat(b.others()).isEqualTo(a.others());
            assertThat(b.suspects()).isEqualTo(a.suspects());
            assertThat(b.suspectScores()).isEqualTo(a.suspectScores());
        }
        // saving the loaded model again writes the same bytes: nothing is lost or re-derived differently
        assertThat(ModelStore.toBytes(loaded)).isEqualTo(ModelStore.toBytes(model));
    }

    @Test
    void theFileHasTheDocumentedLayout() throws Exception {
        ByteBuffer b = ByteBuffer.wrap(smallBytes);
        assertThat(new String(smallBytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("BBRKMODL");
        assertThat(b.getInt(8)).isEqualTo(2);
        assertThat(b.getInt(12)).isEqualTo(FeatureConfig.CURRENT_VERSION);
        b.order(ByteOrder.LITTLE_ENDIAN);
        int manifestLength = b.getInt(16);
        long dataLength = b.getLong(20);
        assertThat(28L + manifestLength + dataLength + 4).isEqualTo(smallBytes.length);
        CRC32 crc = new CRC32();
        crc.update(smallBytes, 0, smallBytes.length - 4);
        assertThat(b.getInt(smallBytes.length - 4)).isEqualTo((int) crc.getValue());
        JsonNode manifest = ModelStore.json().readTree(Arrays.copyOfRange(smallBytes, 28, 28 + manifestLength));
        assertThat(manifest.get("format").asInt()).isEqualTo(2);
        assertThat(manifest.get("tags")).hasSize(2);
        long declared = 0;
        for (JsonNode a : manifest.get("arrays")) {
            long elements = 1;
            for (JsonNode dim : a.get("shape")) {
                elements *= dim.asLong();
            }
            declared += elements * (a.get("type").asText().equals("f64") ? 8 : 4);
        }
        assertThat(declared).isEqualTo(dataLength);
        // the mean of the standardiser, read by hand from the data part
        long offset = 28L + manifestLength;
        for (JsonNode a : manifest.get("arrays")) {
            if (a.get("name").asText().equals("core.mean")) {
                double first = b.getDouble((int) offset);
                assertThat(first).isEqualTo(small.core().state().mean()[0]);
                break;
            }
            long elements = 1;
            for (JsonNode dim : a.get("shape")) {
                elements *= dim.asLong();
            }
            offset += elements * (a.get("type").asText().equals("f64") ? 8 : 4);
        }
    }

    @Test
    void everyTruncationOfASmallModelIsRefusedAsCorrupt() {
        assertThat(smallBytes.length).isBetween(1_000, 200_000);
        for (int n = 0; n < smallBytes.length; n++) {
            byte[] cut = Arrays.copyOf(smallBytes, n);
            IncompatibleModelException e = refused(cut);
            assertThat(e.kind()).as("truncated at %d", n).isEqualTo(IncompatibleModelException.Kind.CORRUPT);
        }
    }

    @Test
    void randomBytesAreRefusedAsCorrupt() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] junk = new byte[random.nextInt(4_096)];
            random.nextBytes(junk);
            if (i % 2 == 0 && junk.length >= 16) {
                // behind a valid magic, format and feature version
                System.arraycopy(smallBytes, 0, junk, 0, 16);
            }
            assertThat(refused(junk).kind()).isEqualTo(IncompatibleModelException.Kind.CORRUPT);
        }
    }

    @Test
    void randomManifestAndDataBehindAValidChecksumAreRefusedAsCorrupt() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] manifest = new byte[random.nextInt(2_000)];
            random.nextBytes(manifest);
            byte[] data = new byte[random.nextInt(2_000)];
            random.nextBytes(data);
            assertThat(refused(assemble(manifest, data)).kind()).isEqualTo(IncompatibleModelException.Kind.CORRUPT);
        }
    }

    @Test
    void everySingleByteChangeOfTheManifestIsRefusedOrHarmless() {
        int manifestLength =
                ByteBuffer.wrap(smallBytes).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
        byte[] manifest = Arrays.copyOfRange(smallBytes, 28, 28 + manifestLength);
        byte[] data = Arrays.copyOfRange(smallBytes, 28 + manifestLength, smallBytes.length - 4);
        Random random = new Random(3);
        int loaded = 0;
        for (int i = 0; i < manifest.length; i++) {
            byte[] changed = manifest.clone();
            changed[i] = (byte) (changed[i] ^ (1 + random.nextInt(255)));
            try {
                ModelStore.fromBytes(assemble(changed, data), "mutant", ModelLimits.defaults());
                loaded++; // e.g. a digit of a threshold or a letter of the creation time: still a model
            } catch (IncompatibleModelException e) {
                assertThat(e.getMessage()).startsWith("mutant");
            }
        }
        assertThat(loaded).isLessThan(manifest.length);
    }

    @Test
    void hugeDeclaredDimensionsAreRefusedBeforeAnythingIsAllocated() throws Exception {
        for (String shape : List.of("[2147483648]", "[65536, 65536]", "[1099511627776, 1]", "[-1]", "[33554433]")) {
            ObjectNode manifest = manifestOf(smallBytes);
            ArrayNode arrays = (ArrayNode) manifest.get("arrays");
            ((ObjectNode) arrays.get(0)).set("shape", ModelStore.json().readTree(shape));
            byte[] file = assemble(ModelStore.json().writeValueAsBytes(manifest), dataOf(smallBytes));
            long before = allocatedBytes();
            IncompatibleModelException e = refused(file);
            long allocated = allocatedBytes() - before;
            assertThat(e.kind()).isEqualTo(IncompatibleModelException.Kind.CORRUPT);
            assertThat(e.getMessage()).containsAnyOf("dimension", "elements", "beyond the end");
            assertThat(allocated).as("bytes allocated refusing %s", shape).isLessThan(16L << 20);
        }
    }

    @Test
    void aDeclaredLengthOf2To31IsRefusedByTheLengthCheck() {
        byte[] file = smallBytes.clone();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(20, 1L << 31);
        assertThat(refused(file).getMessage())
                .contains("declares 2147483648 bytes")
                .contains("over the limit");
        // under a limit that would allow it, the file is too short for it
        IncompatibleModelException e = catchThrowableOfType(
                IncompatibleModelException.class,
                () -> ModelStore.fromBytes(
                        file, "the file", ModelLimits.defaults().withMaxFileBytes(1L << 40)));
        assertThat(e.getMessage())
                .contains("truncated")
                .contains("declares " + (2147483648L + file.length - dataOf(smallBytes).length));
        b.putLong(20, Long.MAX_VALUE);
        assertThat(refused(file).getMessage()).contains("over the limit");
        b.putLong(20, dataOf(smallBytes).length);
        b.putInt(16, -1); // 4 GiB of manifest
        assertThat(refused(file).getMessage()).contains("manifest of 4294967295 bytes");
    }

    @Test
    void arraysMustFillTheDataPartExactlyAndNotRepeat() throws Exception {
        ObjectNode manifest = manifestOf(smallBytes);
        byte[] data = dataOf(smallBytes);
        byte[] longer = Arrays.copyOf(data, data.length + 8);
        assertThat(refused(assemble(ModelStore.json().writeValueAsBytes(manifest), longer))
                        .getMessage())
                .contains("no array declares");
        ArrayNode arrays = (ArrayNode) manifest.get("arrays");
        ((ObjectNode) arrays.get(1)).put("name", arrays.get(0).get("name").asText());
        assertThat(refused(assemble(ModelStore.json().writeValueAsBytes(manifest), data))
                        .getMessage())
                .contains("twice");
        ObjectNode typed = manifestOf(smallBytes);
        ((ObjectNode) typed.get("arrays").get(0)).put("type", "java.lang.Runtime");
        assertThat(refused(assemble(ModelStore.json().writeValueAsBytes(typed), data))
                        .getMessage())
                .contains("unknown type");
    }

    @Test
    void shapesThatDoNotFitTogetherAreRefused() throws Exception {
        // the standardiser's mean one value short, the data part re-cut to match
        ObjectNode manifest = manifestOf(smallBytes);
        ArrayNode arrays = (ArrayNode) manifest.get("arrays");
        int manifestLength =
                ByteBuffer.wrap(smallBytes).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
        long offset = 0;
        byte[] data = dataOf(smallBytes);
        for (JsonNode a : arrays) {
            long n = a.get("shape").get(0).asLong()
                    * (a.get("shape").size() == 2 ? a.get("shape").get(1).asLong() : 1);
            int size = a.get("type").asText().equals("f64") ? 8 : 4;
            if (a.get("name").asText().equals("core.mean")) {
                ((ObjectNode) a)
                        .set("shape", ModelStore.json().createArrayNode().add(n - 1));
                byte[] cut = new byte[data.length - 8];
                System.arraycopy(data, 0, cut, 0, (int) offset);
                System.arraycopy(data, (int) offset + 8, cut, (int) offset, data.length - (int) offset - 8);
                data = cut;
                break;
            }
            offset += n * size;
        }
        assertThat(manifestLength).isPositive();
        IncompatibleModelException e = refused(assemble(ModelStore.json().writeValueAsBytes(manifest), data));
        assertThat(e.getMessage()).contains("inconsistent").contains("standardiser");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws Exception {
        Path file = dir.resolve("big.model");
        Files.write(file, smallBytes);
        ModelLimits tight = ModelLimits.defaults().withMaxFileBytes(smallBytes.length - 1);
        assertThatThrownBy(() -> ModelStore.load(file, tight))
                .isInstanceOf(IncompatibleModelException.class)
                .hasMessageContaining("over the limit");
        assertThat(ModelStore.load(file, ModelLimits.defaults().withMaxFileBytes(smallBytes.length))
                        .tags())
                .isEqualTo(small.tags());
    }

    @Test
    void aManifestNamingAnotherFeatureConfigIsIncompatible() throws Exception {
        ObjectNode manifest = manifestOf(smallBytes);
        manifest.put("featureFingerprint", "v2-something-else");
        IncompatibleModelException e =
                refused(assemble(ModelStore.json().writeValueAsBytes(manifest), dataOf(smallBytes)));
        assertThat(e.kind()).isEqualTo(IncompatibleModelException.Kind.INCOMPATIBLE);
        assertThat(e.getMessage()).contains("feature config").contains("Retrain");
    }

    @Test
    void nonFiniteFiguresInTheManifestRoundTrip() throws Exception {
        // figures of a threshold can be NaN (no clip at all); JSON has no NaN, Jackson writes "NaN"
        ObjectNode manifest = manifestOf(smallBytes);
        ((ObjectNode) manifest.get("thresholds").get(0)).put("precision", Double.NaN);
        byte[] json = ModelStore.json().writeValueAsBytes(manifest);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"NaN\"");
        OpenSetModel loaded = ModelStore.fromBytes(assemble(json, dataOf(smallBytes)), "nan", ModelLimits.defaults());
        assertThat(loaded.thresholds().get(0).precision()).isNaN();
        assertThat(ModelStore.fromBytes(ModelStore.toBytes(loaded), "again", ModelLimits.defaults())
                        .thresholds()
                        .get(0)
                        .precision())
                .isNaN();
    }

    static IncompatibleModelException refused(byte[] file) {
        return catchThrowableOfType(
                IncompatibleModelException.class, () -> ModelStore.fromBytes(file, "the file", ModelLimits.defaults()));
    }

    static ObjectNode manifestOf(byte[] file) throws Exception {
        int m = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
        return (ObjectNode) ModelStore.json().readTree(Arrays.copyOfRange(file, 28, 28 + m));
    }

    static byte[] dataOf(byte[] file) {
        int m = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
        return Arrays.copyOfRange(file, 28 + m, file.length - 4);
    }

    /** A format 2 file around the given manifest and data, with a valid header and checksum. */
    static byte[] assemble(byte[] manifest, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(28 + manifest.length + data.length + 4);
        b.put("BBRKMODL".getBytes(StandardCharsets.US_ASCII));
        b.putInt(2).putInt(FeatureConfig.CURRENT_VERSION);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(manifest.length).putLong(data.length);
        b.put(manifest).put(data);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().threadId());
    }
}

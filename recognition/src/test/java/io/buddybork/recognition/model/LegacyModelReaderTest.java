package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.buddybork.recognition.feature.FeatureConfig;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Old (format 1, Java-serialised) model files: the fixtures were written by the last build of that
 * format, together with the scores it computed ({@code legacy/expected.json}); converted, they must
 * score exactly the same. Hostile files of that format are refused before they allocate much.
 */
class LegacyModelReaderTest {

    private static final String FIXTURES = "/io/buddybork/recognition/model/legacy/";

    @TempDir
    Path dir;

    private static JsonNode expected;
    private static float[][] vectors;

    @BeforeAll
    static void readExpectations() throws Exception {
        try (var in = LegacyModelReaderTest.class.getResourceAsStream(FIXTURES + "expected.json")) {
            expected = ModelStore.json().readTree(in);
        }
        JsonNode v = expected.get("vectors");
        vectors = new float[v.size()][];
        for (int i = 0; i < v.size(); i++) {
            vectors[i] = new float[v.get(i).size()];
            for (int j = 0; j < vectors[i].length; j++) {
                vectors[i][j] = (float) v.get(i).get(j).asDouble();
            }
        }
    }

    private Path fixture(String name) throws Exception {
        Path file = dir.resolve(name + ".model");
        try (var in = LegacyModelReaderTest.class.getResourceAsStream(FIXTURES + name + ".model")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "previous", "baseline", "binomial", "lda"})
    void anOldModelConvertsToOneThatScoresExactlyLikeTheOldCode(String name) throws Exception {
        Path file = fixture(name);
        assertThat(ModelStore.formatOf(file)).isEqualTo(1);
        Path converted = dir.resolve(name + "-new.model");
        OpenSetModel model = ModelStore.convert(file, converted);
        assertThat(ModelStore.formatOf(converted)).isEqualTo(ModelStore.FORMAT_VERSION);
        OpenSetModel reloaded = ModelStore.load(converted);
        JsonNode want = expected.get("models").get(name);
        assertThat(model.tags()).hasSize(want.get("tags").size());
        JsonNode thresholds = ModelStore.json().valueToTree(model.thresholds());
        assertThat(thresholds).isEqualTo(want.get("thresholds"));
        Instant noon = Instant.parse("2026-01-01T12:00:00Z");
        for (int i = 0; i < vectors.length; i++) {
            JsonNode row = want.get("predictions").get(i);
            for (OpenSetModel m : List.of(model, reloaded)) {
                for (String tag : m.tags()) {
                    assertThat(m.predict(vectors[i]).tagScores().get(tag))
                            .as("%s score of %s on vector %d", name, tag, i)
                            .isEqualTo(row.get("scores").get(tag).asDouble());
                    assertThat(m.predict(vectors[i], noon).tagScores().get(tag))
                            .isEqualTo(row.get("scoresAtNoon").get(tag).asDouble());
                }
                assertThat(m.novelty(vectors[i])).isEqualTo(row.get("novelty").asDouble());
            }
        }
    }

    @Test
    void anOldFileIsRefusedByTheOrdinaryLoadWithTheConverterNamed() throws Exception {
        Path file = fixture("previous");
        IncompatibleModelException e =
                catchThrowableOfType(IncompatibleModelException.class, () -> ModelStore.load(file));
        assertThat(e.kind()).isEqualTo(IncompatibleModelException.Kind.OLD_FORMAT);
        assertThat(e.getMessage())
                .contains("old Java-serialised model format (1)")
                .contains("convert-model");
    }

    @Test
    void upgradingInPlaceRewritesTheFileOnceAndKeepsTheMetrics() throws Exception {
        Path file = fixture("baseline");
        Files.writeString(ModelStore.metadataPath(file), "{\"metrics\": {\"closed_set_accuracy\": 0.75}}");
        assertThat(ModelStore.upgradeInPlace(file)).isTrue();
        assertThat(ModelStore.formatOf(file)).isEqualTo(ModelStore.FORMAT_VERSION);
        assertThat(ModelStore.readMetadata(file)
                        .metrics()
                        .get("closed_set_accuracy")
                        .asDouble())
                .isEqualTo(0.75);
        assertThat(ModelStore.readMetadata(file).formatVersion()).isEqualTo(ModelStore.FORMAT_VERSION);
        byte[] once = Files.readAllBytes(file);
        assertThat(ModelStore.upgradeInPlace(file)).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(once);
        assertThat(ModelStore.load(file).tags()).hasSize(3);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void anOldKnnModelCannotBeConvertedAndSaysToRetrain() throws Exception {
        Path file = fixture("knn");
        IncompatibleModelException e = refusedLegacy(Files.readAllBytes(file));
        assertThat(e.kind()).isEqualTo(IncompatibleModelException.Kind.INCOMPATIBLE);
        assertThat(e.getMessage()).contains("k-NN").contains("retrain");
    }

    @Test
    void aDeclaredHugeArrayIsRefusedBeforeItIsAllocated() throws Exception {
        // the 197-byte file: a valid header and checksum around a double[60_000_000] (480 MB)
        byte[] body = serialise(new double[0]);
        ByteBuffer.wrap(body).putInt(body.length - 4, 60_000_000);
        byte[] file = legacyFile(body);
        assertThat(file.length).isLessThan(200);
        long before = ModelFileFormatTest.allocatedBytes();
        IncompatibleModelException e = refusedLegacy(file);
        long allocated = ModelFileFormatTest.allocatedBytes() - before;
        assertThat(e.kind()).isEqualTo(IncompatibleModelException.Kind.CORRUPT);
        assertThat(e.getMessage()).contains("REJECTED");
        assertThat(allocated).isLessThan(16L << 20);

        byte[] objects = serialise(new Object[0]);
        ByteBuffer.wrap(objects).putInt(objects.length - 4, 1 << 30);
        assertThat(refusedLegacy(legacyFile(objects)).kind()).isEqualTo(IncompatibleModelException.Kind.CORRUPT);
    }

    @Test
    void fortyNestedHashSetsAreRefusedWithoutBeingHashed() throws Exception {
        // the 2.4 KB file: hashing it on reading would take 2^40 steps
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("x");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        byte[] file = legacyFile(serialise(root));
        assertThat(file.length).isBetween(1_000, 4_000);
        IncompatibleModelException e = refusedLegacy(file);
        assertThat(e.getMessage()).contains("java.util.HashSet");
    }

    @Test
    void mapsNestedAsKeysAreReadWithoutHashingAndRefused() throws Exception {
        // the same attack through the maps model files do hold: keys that are maps of maps
        Map<Object, Object> root = new HashMap<>();
        Map<Object, Object> m1 = root;
        Map<Object, Object> m2 = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            Map<Object, Object> t1 = new HashMap<>();
            Map<Object, Object> t2 = new HashMap<>();
            m1.put(t1, 1);
            m1.put(t2, 2);
            m2.put(t1, 1);
            m2.put(t2, 2);
            t1.put("x", 0);
            m1 = t1;
            m2 = t2;
        }
        IncompatibleModelException e = refusedLegacy(legacyFile(serialise(root)));
        assertThat(e.getMessage())
                .satisfiesAnyOf(
                        m -> assertThat(m).contains("does not hold a model"),
                        m -> assertThat(m).contains("REJECTED"));
        assertThat(refusedLegacy(legacyFile(serialise(Set.of("a", "b")))).getMessage())
                .contains("no collection of kind");
    }

    @Test
    void randomBodiesBehindAValidChecksumAreRefused() throws Exception {
        Random random = new Random(5);
        byte[] real = Files.readAllBytes(fixture("baseline"));
        for (int i = 0; i < 300; i++) {
            byte[] body = new byte[random.nextInt(3_000)];
            random.nextBytes(body);
            if (i % 3 == 0 && body.length > 4) {
                body[0] = (byte) 0xAC; // a Java serialisation stream header, then junk
                body[1] = (byte) 0xED;
                body[2] = 0;
                body[3] = 5;
            }
            assertThat(refusedLegacy(legacyFile(body)).kind()).isEqualTo(IncompatibleModelException.Kind.CORRUPT);
        }
        for (int n = 0; n < real.length; n += 97) {
            assertThat(refusedLegacy(java.util.Arrays.copyOf(real, n))).isNotNull();
        }
    }

    @Test
    void anOldFileOfAnotherFeatureVersionIsRefusedWithItsFingerprint() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.write("BBRKMODL".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(1);
            out.writeInt(1);
            out.writeUTF("v1-f0.0232-h0.5-m40-c20-50-14000-a30-n4");
            out.writeInt(3);
            out.write(new byte[] {1, 2, 3});
            out.writeLong(0);
        }
        IncompatibleModelException e = refusedLegacy(raw.toByteArray());
        assertThat(e.kind()).isEqualTo(IncompatibleModelException.Kind.INCOMPATIBLE);
        assertThat(e.getMessage())
                .contains("feature version 1 (v1-f0.0232-h0.5-m40-c20-50-14000-a30-n4)")
                .contains("extracts feature version " + FeatureConfig.CURRENT_VERSION)
                .contains("Retrain");
    }

    private IncompatibleModelException refusedLegacy(byte[] file) throws Exception {
        Path path = Files.write(dir.resolve("hostile-" + System.nanoTime() + ".model"), file);
        return catchThrowableOfType(
                IncompatibleModelException.class, () -> ModelStore.loadAnyFormat(path, ModelLimits.defaults()));
    }

    static byte[] serialise(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** A format 1 file around {@code body}, with a valid header and checksum. */
    static byte[] legacyFile(byte[] body) throws Exception {
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.write("BBRKMODL".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(1);
            out.writeInt(FeatureConfig.CURRENT_VERSION);
            out.writeUTF("fp");
            out.writeInt(body.length);
            out.write(body);
            out.writeLong(crc.getValue());
        }
        return raw.toByteArray();
    }
}

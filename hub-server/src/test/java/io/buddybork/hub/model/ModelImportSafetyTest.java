package io.buddybork.hub.model;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Importing a model file is safe with any bytes: hostile, random, truncated or oversized files are
 * refused with 400 {@code corrupt-model} (old-format files too, with the converter named), and the
 * model's tag names must pass the tag API's own rule; nothing is stored for a refused file.
 */
@QuarkusTest
class ModelImportSafetyTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    TrainingJobs jobs;

    @Inject
    ObjectMapper json;

    private long modelsBefore;
    private long tagsBefore;

    @BeforeEach
    void count() {
        modelsBefore = Db.queryLong(ds, "select count(*) from model");
        tagsBefore = Db.queryLong(ds, "select count(*) from tag");
    }

    @AfterEach
    void nothingWasStored() throws Exception {
        assertThat(Db.queryLong(ds, "select count(*) from model")).isEqualTo(modelsBefore);
        assertThat(Db.queryLong(ds, "select count(*) from tag")).isEqualTo(tagsBefore);
        if (Files.isDirectory(jobs.modelsDir())) {
            try (var left = Files.list(jobs.modelsDir())) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".upload"));
            }
        }
    }

    private static ValidatableResponse importing(byte[] file) {
        return asAdmin()
                .contentType("application/octet-stream")
                .body(file)
                .post("/api/v1/models/import")
                .then();
    }

    private static void refusedAsCorrupt(byte[] file) {
        importing(file).statusCode(400).body("code", equalTo("corrupt-model"));
    }

    @Test
    void hostileOldFormatFilesAreRefusedAsCorruptWithoutBeingRead() throws Exception {
        // the 197-byte file: valid header and checksum around a double[60_000_000]
        byte[] body = ImportableModels.serialise(new double[0]);
        ByteBuffer.wrap(body).putInt(body.length - 4, 60_000_000);
        byte[] bomb = ImportableModels.legacyFile(body);
        assertThat(bomb.length).isLessThan(200);
        importing(bomb)
                .statusCode(400)
                .body("code", equalTo("corrupt-model"))
                .body("detail", containsString("convert-model"));

        // the 2.4 KB file of 40 nested HashSets
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
        refusedAsCorrupt(ImportableModels.legacyFile(ImportableModels.serialise(root)));
    }

    @Test
    void aGenuineOldFormatModelIsRefusedWithTheConverterNamed() throws Exception {
        byte[] old;
        try (var in = getClass().getResourceAsStream("legacy-baseline.model")) {
            old = in.readAllBytes();
        }
        importing(old)
                .statusCode(400)
                .body("code", equalTo("corrupt-model"))
                .body("detail", containsString("old Java-serialised model format"))
                .body("detail", containsString("convert-model"));
    }

    @Test
    void randomBytesAndTruncatedModelsAreRefusedAsCorrupt() {
        Random random = new Random(11);
        byte[] model = ImportableModels.model(List.of("safety-a-" + UUID.randomUUID(), "safety-b"));
        for (int i = 0; i < 10; i++) {
            byte[] junk = new byte[1 + random.nextInt(3000)];
            random.nextBytes(junk);
            if (i % 2 == 0 && junk.length > 16) {
                System.arraycopy(model, 0, junk, 0, 16); // a valid magic, format and feature version
            }
            refusedAsCorrupt(junk);
        }
        for (int i = 1; i <= 12; i++) {
            refusedAsCorrupt(Arrays.copyOf(model, model.length * i / 13));
        }
        refusedAsCorrupt(Arrays.copyOf(model, model.length - 1));
    }

    @Test
    void hugeDeclaredDimensionsAreRefusedAsCorrupt() throws Exception {
        byte[] model = ImportableModels.model(List.of("safety-c-" + UUID.randomUUID(), "safety-d"));
        int m = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
        byte[] data = Arrays.copyOfRange(model, 28 + m, model.length - 4);
        for (String shape : List.of("[2147483648]", "[65536, 65536]")) {
            ObjectNode manifest = (ObjectNode) json.readTree(Arrays.copyOfRange(model, 28, 28 + m));
            ((ObjectNode) manifest.get("arrays").get(0)).set("shape", json.readTree(shape));
            importing(ImportableModels.assemble(json.writeValueAsBytes(manifest), data))
                    .statusCode(400)
                    .body("code", equalTo("corrupt-model"))
                    .body("detail", containsString("declares array"));
        }
        byte[] lying = model.clone();
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putLong(20, 1L << 31);
        importing(lying)
                .statusCode(400)
                .body("code", equalTo("corrupt-model"))
                .body("detail", containsString("2147483648"));
    }

    @Test
    void tagNamesTheTagApiRefusesAreRefusedOnImport() {
        String html = "<img src=x onerror=alert(1)>".repeat(3);
        assertThat(html.length()).isGreaterThan(64);
        importing(ImportableModels.model(List.of(html, "safety-ok")))
                .statusCode(400)
                .body("code", equalTo("invalid-tag-name"))
                .body("detail", containsString("1 to 64 characters"));
        importing(ImportableModels.model(List.of("bell\u0007", "safety-ok")))
                .statusCode(400)
                .body("code", equalTo("invalid-tag-name"))
                .body("detail", containsString("control characters"));
        importing(ImportableModels.model(List.of(" padded", "safety-ok")))
                .statusCode(400)
                .body("code", equalTo("invalid-tag-name"))
                .body("detail", containsString("white space"));
    }

    @Test
    void aTagDifferingOnlyInCaseFromAHubTagIsAConflict() {
        String name = "Safety-" + UUID.randomUUID();
        long tagId = ((Number) asAdmin()
                        .contentType("application/json")
                        .body(java.util.Map.of("name", name))
                        .post("/api/v1/tags")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        tagsBefore++;
        try {
            importing(ImportableModels.model(List.of(name.toLowerCase(java.util.Locale.ROOT), "safety-ok")))
                    .statusCode(409)
                    .body("code", equalTo("tag-exists"))
                    .body("detail", containsString(name));
        } finally {
            asAdmin().delete("/api/v1/tags/" + tagId).then().statusCode(200);
            tagsBefore--;
        }
    }
}

package io.buddybork.hub.ingest;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A data disk with less free space than the reserve behaves like a full one. */
@QuarkusTest
@OwnStart
@TestProfile(StorageFullTest.FullDisk.class)
class StorageFullTest {

    /** Reserve more free space than any disk has. */
    public static class FullDisk implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "buddybork.ingest.min-free-bytes",
                    Long.toString(Long.MAX_VALUE / 4),
                    "buddybork.ingest.retry-after-seconds",
                    "42");
        }
    }

    @Inject
    AgroalDataSource ds;

    @Test
    void uploadIsAnswered503WithRetryAfterAndNothingIsStored() {
        Device d = createDevice("full-disk");
        upload(d.token(), nextStart(), TestWavs.segment(5))
                .then()
                .statusCode(503)
                .header("Retry-After", "42")
                .contentType("application/problem+json")
                .body("code", equalTo("storage-full"));
        assertThat(Db.rawRows(ds, d.id())).isZero();
        io.restassured.RestAssured.get("/q/health/ready").then().statusCode(503);
    }
}

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
import io.buddybork.hub.testing.SharedHub;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A data disk with less free space than the reserve behaves like a full one. The disk is a
 * simulated volume during the test only (the hub's other tests keep uploading to the real one).
 */
@QuarkusTest
@OwnStart
@TestProfile(SharedHub.class)
public class StorageFullTest {

    /** The Retry-After a full disk answers with. */
    public static class FullDiskAnswer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("buddybork.ingest.retry-after-seconds", "42");
        }
    }

    /** A 1 GiB volume with half the reserve free. */
    static final class ShortVolume extends DataVolume {
        private final long usable;

        ShortVolume(long usable) {
            this.usable = usable;
        }

        @Override
        public long usableBytes() {
            return usable;
        }

        @Override
        public long totalBytes() {
            return 1L << 30;
        }
    }

    @Inject
    AgroalDataSource ds;

    @ConfigProperty(name = "buddybork.ingest.min-free-bytes")
    long reserve;

    @Test
    void uploadIsAnswered503WithRetryAfterAndNothingIsStored() {
        Device d = createDevice("full-disk");
        QuarkusMock.installMockForType(new ShortVolume(reserve / 2), DataVolume.class);
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

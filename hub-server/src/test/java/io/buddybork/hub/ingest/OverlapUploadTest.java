package io.buddybork.hub.ingest;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.buddybork.model.SegmentNames;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The overlap policy: a device cannot record two overlapping segments, so the second is refused with 409. */
@QuarkusTest
class OverlapUploadTest {

    @ConfigProperty(name = "buddybork.data-dir")
    Path dataDir;

    @Test
    void uploadOverlappingAStoredSegmentAtAnotherStartIsRefusedWith409AndLeavesNoFile() {
        Device device = createDevice("overlap-test");
        long start = nextStart();
        upload(device.token(), start, TestWavs.segment(3000, 9000, 1)).then().statusCode(201);

        long shifted = start + 1500; // a rerun replaying the same minutes on another grid
        upload(device.token(), shifted, TestWavs.segment(3000, 9000, 2))
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("overlap"))
                .body("detail", containsString(Long.toString(start)));
        assertThat(Files.exists(dataDir.resolve(SegmentNames.relativePath(device.id(), shifted))))
                .isFalse();

        long earlier = start - 2000; // ends inside the stored one
        upload(device.token(), earlier, TestWavs.segment(3000, 9000, 3))
                .then()
                .statusCode(409)
                .body("code", equalTo("overlap"));
    }

    @Test
    void segmentsThatOnlyTouchAreStoredAndOtherDevicesAreIndependent() {
        Device device = createDevice("tiling-test");
        Device other = createDevice("tiling-other");
        long start = nextStart();
        upload(device.token(), start, TestWavs.segment(3000, 9000, 1)).then().statusCode(201);
        upload(device.token(), start + 3000, TestWavs.segment(3000, 9000, 2))
                .then()
                .statusCode(201);
        upload(device.token(), start - 3000, TestWavs.segment(3000, 9000, 3))
                .then()
                .statusCode(201);
        upload(other.token(), start + 1500, TestWavs.segment(3000, 9000, 4))
                .then()
                .statusCode(201);
        // the same key with the same bytes is still the idempotent repeat, not an overlap
        upload(device.token(), start, TestWavs.segment(3000, 9000, 1)).then().statusCode(200);
    }
}

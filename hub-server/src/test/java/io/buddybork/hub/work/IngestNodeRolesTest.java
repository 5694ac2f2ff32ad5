package io.buddybork.hub.work;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.buddybork.hub.detect.DetectionPipeline;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.IngestNodeHub;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An ingest and web node ({@code BUDDYBORK_ROLES=web,ingest}) stores uploads and serves pages but does not score. */
@QuarkusTest
@OwnStart
@TestProfile(IngestNodeHub.class)
public class IngestNodeRolesTest {

    /** Roles web and ingest only. */
    public static class IngestAndWeb implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("buddybork.roles", "web,ingest");
        }
    }

    @Inject
    DetectionPipeline pipeline;

    @Test
    void uploadsAreStoredButNotScored() {
        HubApi.Device d = createDevice("ingest-node");
        upload(d.token(), HubApi.nextStart(), SyntheticSounds.wav(SyntheticSounds.Kind.BARK, 3))
                .then()
                .statusCode(201);

        assertThat(pipeline.running()).isFalse();
        assertThat(pipeline.threads()).isZero();
        asAdmin().get("/api/v1/detections/status").then().statusCode(200).body("threads", equalTo(0));
    }
}

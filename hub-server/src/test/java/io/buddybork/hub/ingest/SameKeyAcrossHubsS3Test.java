package io.buddybork.hub.ingest;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.storage.WithS3Storage;
import io.buddybork.hub.testing.OwnStart;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Two hubs on one S3 bucket store one segment key at once ({@link SameKeyRace}): the
 * row decides, so one answers 201 once the bucket acknowledged its PUT, the other 409 or 200
 * without a PUT of its own, and the object is the winner's.
 */
@QuarkusTest
@OwnStart
@TestProfile(WithS3Storage.class)
class SameKeyAcrossHubsS3Test {
    @Inject
    AgroalDataSource ds;

    @Inject
    IngestService ingest;

    @Inject
    HubConfig config;

    @Inject
    SegmentFiles files;

    @Inject
    SegmentRepository segments;

    @Inject
    IngestMetrics metrics;

    @Inject
    Event<SegmentStored> storedEvents;

    @Inject
    Instance<SpaceReclaimer> reclaimer;

    @Test
    void twoHubsStoringOneKeyAtOnceGiveOne201AndTheFileAndRowOfTheWinner() throws Exception {
        new SameKeyRace(ds, ingest, config, files, segments, metrics, storedEvents, reclaimer).run(40, 4);
    }
}

package io.buddybork.hub.ingest;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.config.HubConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The local store takes the same row-first path: two stores of one key that race past the
 * in-process lock ({@link SameKeyRace}) give one 201, the other 409 or 200 without writing, and
 * the file is the winner's.
 */
@QuarkusTest
class SameKeyAcrossHubsTest {
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

package io.buddybork.hub.ingest;

import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.S3Hub;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Two hubs on one S3 bucket store one segment key at once ({@link SameKeyRace}): the
 * row decides, so one answers 201 once the bucket acknowledged its PUT, the other 409 or 200
 * without a PUT of its own, and the object is the winner's.
 */
@QuarkusTest
@OwnStart
@TestProfile(S3Hub.class)
class SameKeyAcrossHubsS3Test {
    @Inject
    SameKeyRace race;

    @Test
    void twoHubsStoringOneKeyAtOnceGiveOne201AndTheFileAndRowOfTheWinner() throws Exception {
        race.run(40, 4);
    }
}

package io.buddybork.hub.ingest;

import io.quarkus.test.junit.QuarkusTest;
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
    SameKeyRace race;

    @Test
    void twoHubsStoringOneKeyAtOnceGiveOne201AndTheFileAndRowOfTheWinner() throws Exception {
        race.run(40, 4);
    }
}

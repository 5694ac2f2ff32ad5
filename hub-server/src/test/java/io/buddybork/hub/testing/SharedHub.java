package io.buddybork.hub.testing;

import io.buddybork.hub.backup.ScheduledBackupTest;
import io.buddybork.hub.detect.IngestFirstDetectionTest;
import io.buddybork.hub.health.BodyBudgetReadinessTest;
import io.buddybork.hub.ingest.StorageFullTest;
import io.buddybork.hub.model.TrainingOnAnotherNodeTest;
import io.buddybork.hub.notify.MqttSmallWindowTest;

/**
 * One started hub for the tests whose own profiles' overrides do not conflict (see {@link
 * ProfileUnion}): a web, ingest and detect node (no training) in Los Angeles with a small body
 * budget, a small MQTT window (MQTT is off unless a test sets a broker, as an
 * admin would, and turns it off again) and four scoring threads that yield to slow uploads (none of
 * the other tests here waits for a detection). StorageFullTest simulates its full disk with a
 * volume of its own during the test, so the hub's uploads go on for the others.
 *
 * <p>LiveFeedLimitsTest keeps its own start: under this one its reading client got none of the
 * events published while it was connected (tried twice, on 2026-12-06 and 2026-12-07, there after
 * ScheduledBackupTest; cause not found yet), while on a hub of its own it passes.
 */
public class SharedHub extends ProfileUnion {
    public SharedHub() {
        super(
                new HubInLosAngeles(),
                new BodyBudgetReadinessTest.SmallBudget(),
                new ScheduledBackupTest.Scheduled(),
                new TrainingOnAnotherNodeTest.WebOnly(),
                new MqttSmallWindowTest.SmallWindow(),
                new IngestFirstDetectionTest.FourThreads(),
                new StorageFullTest.FullDiskAnswer());
    }
}

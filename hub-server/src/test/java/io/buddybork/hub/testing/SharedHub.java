package io.buddybork.hub.testing;

import io.buddybork.hub.backup.ScheduledBackupTest;
import io.buddybork.hub.health.BodyBudgetReadinessTest;
import io.buddybork.hub.model.TrainingOnAnotherNodeTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One started hub for the tests whose own profiles' overrides do not conflict: the union of those
 * profiles. Each distinct profile costs a Quarkus build and start (50 s and 20-30 s on a 2-core
 * machine at load 30), so the tests keep their profile next to them, saying what they need, and run under
 * this one; two parts setting one key differently fail the boot instead of changing a test's meaning.
 * LiveFeedLimitsTest and MqttSmallWindowTest keep their own start: under this one (with the rows
 * of the other tests) the live reader got no events and not every discovery config was announced
 * within a minute (causes not found yet). IngestFirstDetectionTest keeps its own too: its scoring
 * yields for up to ten minutes while uploads are slow, which on a loaded machine would hold up
 * every other test here that waits for a detection.
 */
public class SharedHub implements QuarkusTestProfile {
    private static final List<QuarkusTestProfile> PARTS = List.of(
            new HubInLosAngeles(),
            new BodyBudgetReadinessTest.SmallBudget(),
            new ScheduledBackupTest.Scheduled(),
            new TrainingOnAnotherNodeTest.WebOnly());

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> all = new TreeMap<>();
        for (QuarkusTestProfile part : PARTS) {
            part.getConfigOverrides().forEach((key, value) -> {
                String before = all.putIfAbsent(key, value);
                if (before != null && !before.equals(value)) {
                    throw new IllegalStateException(part.getClass().getName() + " sets " + key + "=" + value
                            + " but another part of the shared profile sets " + before);
                }
            });
        }
        return all;
    }
}

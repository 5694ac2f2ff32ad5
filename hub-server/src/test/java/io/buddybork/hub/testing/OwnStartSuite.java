package io.buddybork.hub.testing;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The hub's tests with a start of their own ({@link OwnStart}), and a few of the default start's
 * ({@link #BALANCE}), run by one of the build's two test JVMs while the other runs {@link
 * DefaultStartSuite}: one launcher session, so Quarkus orders the classes by profile and starts each
 * profile's hub once. {@code TestGroupsTest} keeps {@link #CLASSES} naming exactly the marked
 * classes.
 */
@Suite
@SelectPackages("io.buddybork.hub")
@IncludeClassNamePatterns({OwnStartSuite.CLASSES, OwnStartSuite.BALANCE})
public class OwnStartSuite {
    /**
     * Tests of the default start that this JVM runs on a default start of its own, so that the two
     * JVMs end together: the own-start tests alone took 160 s against the default ones' 308 s side
     * by side (2026-12-07, load 2-7). Any default-start class may move here; these are three long ones.
     */
    public static final String BALANCE = "io\\.buddybork\\.hub\\.("
            + "detect\\.DetectionDashboardTest"
            + "|detect\\.DashboardHistoryBrowserTest"
            + "|auth\\.WebSecurityTest"
            + ")";

    /**
     * The own-start classes by name. The default suite must leave them out by name, not only by tag:
     * Quarkus builds the hub of every profile it meets while JUnit discovers the classes, before any
     * tag filter, so a tag alone made the default JVM build every own-start profile for nothing.
     */
    public static final String CLASSES = "io\\.buddybork\\.hub\\.("
            + "admission\\.SlowBodyTest"
            + "|backup\\.ScheduledBackupTest"
            + "|dashboard\\.LiveFeedLimitsTest"
            + "|detect\\.BrokerDetectionTest"
            + "|detect\\.BrokerReconnectTest"
            + "|detect\\.IngestFirstDetectionTest"
            + "|health\\.BodyBudgetReadinessTest"
            + "|ingest\\.SameKeyAcrossHubsS3Test"
            + "|ingest\\.StorageFullTest"
            + "|ingest\\.UploadsInFlightBoundTest"
            + "|model\\.TrainingOnAnotherNodeTest"
            + "|notify\\.MqttEnvironmentTest"
            + "|notify\\.MqttNotificationTest"
            + "|notify\\.MqttSmallWindowTest"
            + "|notify\\.MqttTlsTest"
            + "|notify\\.MqttUnreachableTest"
            + "|notify\\.WebhookNotificationTest"
            + "|retention\\.DiskGuardTest"
            + "|storage\\.S3StorageTest"
            + "|time\\.DaysFollowTheHubZoneTest"
            + "|web\\.BrowserTimeZonesTest"
            + "|web\\.NotificationsBrowserTest"
            + "|work\\.IngestNodeRolesTest"
            + "|work\\.WorkerNodeRolesTest"
            + ")";
}

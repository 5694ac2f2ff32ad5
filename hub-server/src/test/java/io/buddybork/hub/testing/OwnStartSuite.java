package io.buddybork.hub.testing;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The hub's tests with a start of their own ({@link OwnStart}), run by one of the build's two test
 * JVMs while the other runs {@link DefaultStartSuite}: one launcher session, so Quarkus orders the
 * classes by profile and starts each profile's hub once. {@code TestGroupsTest} keeps
 * {@link #CLASSES} naming exactly the marked classes.
 */
@Suite
@SelectPackages("io.buddybork.hub")
@IncludeClassNamePatterns(OwnStartSuite.CLASSES)
@IncludeTags(OwnStart.TAG)
public class OwnStartSuite {
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

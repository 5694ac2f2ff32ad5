package io.buddybork.hub.testing;

import io.buddybork.hub.admission.SlowBodyTest;
import io.buddybork.hub.ingest.UploadsInFlightBoundTest;
import io.buddybork.hub.notify.MqttTlsTest;
import io.buddybork.hub.retention.DiskGuardTest;
import io.buddybork.hub.work.IngestNodeRolesTest;

/**
 * A second shared start (see {@link ProfileUnion}): a web and ingest node (no scoring) with short
 * body deadlines, three uploads in flight at most, the disk guard on (it only finds the disk short
 * on DiskGuardTest's simulated volume) and MQTT to a TLS broker with a password (none of the other
 * tests here looks at notifications or the overall health).
 */
public class IngestNodeHub extends ProfileUnion {
    public IngestNodeHub() {
        super(
                new IngestNodeRolesTest.IngestAndWeb(),
                new SlowBodyTest.ShortDeadlines(),
                new UploadsInFlightBoundTest.ThreeInFlight(),
                new DiskGuardTest.GuardOn(),
                new MqttTlsTest.Tls());
    }
}

package io.buddybork.hub.device;

import io.buddybork.hub.cluster.ClusterBus;
import io.buddybork.hub.cluster.ClusterMessage;
import io.buddybork.model.wire.CaptureState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Keeps what each hub holds in memory about devices in step across the hubs of one database: a
 * capture switch committed on one hub wakes the devices long-polling any other hub (topic
 * {@code capture}: {@code <device> <version> <enabled>}), and a revocation ends the token on every
 * hub at once (topic {@code device-revoked}: {@code <device>}), not just where it was made. After
 * the bus was disconnected (messages may have been missed) the capture states are re-read and the
 * token cache emptied. Thread-safe.
 */
@ApplicationScoped
public class DeviceRelay {
    private static final Logger LOG = Logger.getLogger(DeviceRelay.class);
    static final String CAPTURE = "capture";
    static final String REVOKED = "device-revoked";

    @Inject
    ClusterBus bus;

    @Inject
    CaptureStateBroker broker;

    @Inject
    DeviceTokenCache directory;

    /** Tells the other hubs of a committed capture state. */
    void captureChanged(long deviceId, CaptureState state) {
        bus.publish(CAPTURE, deviceId + " " + state.version() + " " + state.enabled());
    }

    /** Tells the other hubs of a committed revocation. */
    void revoked(long deviceId) {
        bus.publish(REVOKED, Long.toString(deviceId));
    }

    void onClusterMessage(@Observes ClusterMessage message) {
        try {
            switch (message.topic()) {
                case CAPTURE -> {
                    String[] p = message.payload().split(" ");
                    broker.publish(
                            Long.parseLong(p[0]), new CaptureState(Boolean.parseBoolean(p[2]), Long.parseLong(p[1])));
                }
                case REVOKED -> {
                    long id = Long.parseLong(message.payload());
                    directory.revoked(id);
                    broker.revoke(id);
                }
                default -> {
                    // another feature's topic
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Ignoring a device message from another hub that cannot be read: %s", message.payload());
        }
    }

    void onReconnected(@Observes ClusterBus.Reconnected reconnected) {
        directory.forgetAll();
        broker.reload();
    }
}

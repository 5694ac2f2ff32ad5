package io.buddybork.hub.device;

import io.buddybork.hub.problem.DatabaseFailures;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.model.wire.CaptureState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Owns devices: creation (the token is returned once, only its hash is kept), renaming,
 * revocation and the capture switch. Each change is one transaction; in-memory views (token
 * cache, capture broker, events, other hubs through {@link DeviceRelay}) are updated only after
 * the commit. Thread-safe.
 */
@ApplicationScoped
public class DeviceService {
    private static final Logger LOG = Logger.getLogger(DeviceService.class);
    static final int MAX_NAME = 100;

    @Inject
    DeviceRepository devices;

    @Inject
    DeviceTokenCache directory;

    @Inject
    CaptureStateBroker broker;

    @Inject
    DeviceActivity activity;

    @Inject
    Event<CaptureStateChanged> captureChanged;

    @Inject
    DeviceRelay relay;

    /** Creates a device with capture enabled; the answer holds the only copy of its token. */
    public CreatedDevice create(String name) {
        String clean = requireValidName(name);
        String token = DeviceTokens.newToken();
        Device device = transaction("add a device", () -> devices.insert(clean, DeviceTokens.hash(token)));
        broker.publish(device.id(), new CaptureState(true, 1));
        relay.captureChanged(device.id(), new CaptureState(true, 1));
        LOG.infof("Created device %d '%s'", device.id(), clean);
        return new CreatedDevice(device.id(), clean, token);
    }

    /** All devices by id. */
    public List<DeviceView> list() {
        return transaction("list devices", devices::list).stream()
                .map(this::view)
                .toList();
    }

    /** One device. */
    public DeviceView get(long id) {
        return view(transaction("read a device", () -> require(id, devices.find(id))));
    }

    /** Renames a device. */
    public DeviceView rename(long id, String name) {
        String clean = requireValidName(name);
        return view(transaction("rename a device", () -> require(id, devices.rename(id, clean))));
    }

    /**
     * Revokes the device's token: from the commit on, the token gets 401, and so do its polls
     * already waiting for a capture change. Its segments stay.
     */
    public DeviceView revoke(long id) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Device device = transaction("revoke a device", () -> require(id, devices.revoke(id, now)));
        directory.revoked(id);
        broker.revoke(id);
        relay.revoked(id);
        LOG.infof("Revoked the token of device %d '%s'", id, device.name());
        return view(device);
    }

    /** Switches capture on or off; waiting devices hear of it at once. */
    public CaptureState setCapture(long id, boolean enabled) {
        Device device = transaction("switch capture", () -> require(id, devices.setCapture(id, enabled)));
        CaptureState state = new CaptureState(device.captureEnabled(), device.captureVersion());
        broker.publish(id, state);
        relay.captureChanged(id, state);
        try {
            captureChanged.fire(new CaptureStateChanged(id, state.enabled(), state.version()));
        } catch (RuntimeException e) {
            LOG.warnf(e, "A capture-state observer failed for device %d", id);
        }
        return state;
    }

    /** The device's capture state. */
    public CaptureState captureState(long id) {
        transaction("read a device", () -> require(id, devices.find(id)));
        return broker.current(id);
    }

    private DeviceView view(Device d) {
        OffsetDateTime lastSeen = d.lastSeen();
        var inMemory = activity.lastSeenMs(d.id());
        if (inMemory.isPresent() && (lastSeen == null || lastSeen.toInstant().toEpochMilli() < inMemory.getAsLong())) {
            lastSeen = OffsetDateTime.ofInstant(Instant.ofEpochMilli(inMemory.getAsLong()), ZoneOffset.UTC);
        }
        return new DeviceView(d.id(), d.name(), d.captureEnabled(), d.created(), lastSeen, d.revoked() != null);
    }

    private static Device require(long id, Optional<Device> device) {
        return device.orElseThrow(() -> ProblemException.notFound("unknown-device", "no device with id " + id));
    }

    /**
     * Runs {@code work} in a transaction of its own (committed before any in-memory view hears of
     * the change); a database failure is the problem for trying {@code doing}.
     */
    private static <T> T transaction(String doing, Callable<T> work) {
        try {
            return QuarkusTransaction.requiringNew().call(work);
        } catch (QuarkusTransactionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw DatabaseFailures.problem(doing, sql);
            }
            throw e;
        }
    }

    private static String requireValidName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME || clean.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest(
                    "invalid-device-name", "a device name is 1 to " + MAX_NAME + " printable characters");
        }
        return clean;
    }
}

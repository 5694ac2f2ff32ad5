package io.buddybork.hub.auth;

import io.buddybork.hub.device.DeviceActivity;
import io.buddybork.hub.device.DeviceTokenCache;
import io.buddybork.hub.device.DeviceTokens;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.user.Roles;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.OptionalLong;

/**
 * Turns a device token into the identity of its device: principal name = device id, role
 * {@code device} only, attribute {@link #DEVICE_ID} (Long). Unknown or revoked tokens fail.
 * Each success counts as the device being seen. The only provider of its request type.
 */
@ApplicationScoped
public class DeviceIdentityProvider implements IdentityProvider<DeviceTokenRequest> {
    /** Identity attribute holding the device id as a Long. */
    public static final String DEVICE_ID = "buddybork.device-id";

    @Inject
    DeviceTokenCache directory;

    @Inject
    DeviceActivity activity;

    @Inject
    MeterRegistry registry;

    @Override
    public Class<DeviceTokenRequest> getRequestType() {
        return DeviceTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(DeviceTokenRequest request, AuthenticationRequestContext context) {
        if (!DeviceTokens.looksValid(request.token())) {
            return refuse();
        }
        String hash = DeviceTokens.hash(request.token());
        Long cached = directory.cached(hash);
        if (cached != null) {
            return Uni.createFrom().item(identity(cached));
        }
        return context.runBlocking(() -> {
            OptionalLong device;
            try {
                device = directory.deviceFor(hash);
            } catch (IllegalStateException e) {
                // the database is down: 503 so that the device keeps its segment, never a 401
                throw ProblemException.unavailable(
                        "database-unavailable", "the hub cannot check device tokens now", 10, e);
            }
            if (device.isEmpty()) {
                registry.counter("buddybork.device.auth.failures").increment();
                throw new AuthenticationFailedException("unknown or revoked device token");
            }
            return identity(device.getAsLong());
        });
    }

    private SecurityIdentity identity(long id) {
        activity.seen(id);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(Long.toString(id)))
                .addRole(Roles.DEVICE)
                .addAttribute(DEVICE_ID, id)
                .build();
    }

    private Uni<SecurityIdentity> refuse() {
        registry.counter("buddybork.device.auth.failures").increment();
        return Uni.createFrom().failure(new AuthenticationFailedException("malformed device token"));
    }
}

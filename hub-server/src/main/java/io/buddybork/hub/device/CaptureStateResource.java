package io.buddybork.hub.device;

import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.user.Roles;
import io.buddybork.model.wire.CaptureState;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;

/**
 * {@code GET /api/v1/capture-state?wait=S&version=N} for devices: answers at once when the
 * device's version differs from N, otherwise when it changes or after S seconds. Non-blocking:
 * a waiting device holds no thread.
 */
@Path("/api/v1/capture-state")
public class CaptureStateResource {

    @Inject
    CaptureStateBroker broker;

    @Inject
    HubConfig config;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEVICE)
    public Uni<CaptureState> get(
            @QueryParam("wait") String wait, @QueryParam("version") String version, @Context SecurityContext security) {
        int max = config.capture().maxWaitSeconds();
        int seconds = parse(wait, "wait", config.capture().defaultWaitSeconds());
        if (seconds < 0 || seconds > max) {
            throw ProblemException.badRequest("invalid-wait", "wait must be 0 to " + max + " seconds");
        }
        Long known = version == null || version.isEmpty() ? null : (long) parse(version, "version", 0);
        // the principal of a device identity is its id (DeviceIdentityProvider)
        long deviceId = Long.parseLong(security.getUserPrincipal().getName());
        return broker.await(deviceId, known, Duration.ofSeconds(seconds));
    }

    private static int parse(String text, String name, int absent) {
        if (text == null || text.isEmpty()) {
            return absent;
        }
        if (!text.matches("[0-9]{1,9}")) {
            throw ProblemException.badRequest("invalid-" + name, name + " must be a non-negative whole number");
        }
        return Integer.parseInt(text);
    }
}

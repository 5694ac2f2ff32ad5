package io.buddybork.hub.device;

import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.validation.Reason;
import io.buddybork.model.wire.CaptureState;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/capture-state?wait=S&version=N} for devices: answers at once when the
 * device's version differs from N, otherwise when it changes or after S seconds. Non-blocking:
 * a waiting device holds no thread.
 */
@Path("/api/v1/capture-state")
@Tag(name = "device endpoints", description = "What capture devices call, with their bearer token")
public class CaptureStateResource {
    /** Absent, empty or up to 9 digits: what {@code wait} and {@code version} may be. */
    private static final String DIGITS = "[0-9]{0,9}";

    private static final String WHOLE_NUMBER = "must be a non-negative whole number";

    @Inject
    CaptureStateBroker broker;

    @Inject
    HubConfig config;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEVICE)
    @Operation(
            summary = "Wait for the device's capture state (long-poll)",
            description = "Answers at once when `version` is absent or differs from the device's current version;"
                    + " otherwise as soon as an admin changes the state, or with the unchanged state after `wait`"
                    + " seconds (default 30). A waiting request holds no thread. Revoking the device ends it with 401.")
    @APIResponse(
            responseCode = "400",
            description = "`invalid-wait`: wait is not a whole number of 0 to 60 seconds"
                    + " (`buddybork.capture.max-wait-seconds`); `invalid-version`: version is not a non-negative"
                    + " whole number")
    @APIResponse(responseCode = "200", description = "the device's capture state and its version")
    public Uni<CaptureState> get(
            @QueryParam("wait") @Pattern(regexp = DIGITS, message = WHOLE_NUMBER, payload = Reason.InvalidWait.class)
                    String wait,
            @QueryParam("version")
                    @Pattern(regexp = DIGITS, message = WHOLE_NUMBER, payload = Reason.InvalidVersion.class)
                    String version,
            @Context SecurityContext security) {
        int max = config.capture().maxWaitSeconds();
        int seconds = parse(wait, config.capture().defaultWaitSeconds());
        if (seconds < 0 || seconds > max) {
            throw ProblemException.badRequest("invalid-wait", "wait must be 0 to " + max + " seconds");
        }
        Long known = version == null || version.isEmpty() ? null : (long) parse(version, 0);
        // the principal of a device identity is its id (DeviceIdentityProvider)
        long deviceId = Long.parseLong(security.getUserPrincipal().getName());
        return broker.await(deviceId, known, Duration.ofSeconds(seconds));
    }

    /** {@code text} (digits, checked by the constraints above) as a number, or {@code absent}. */
    private static int parse(String text, int absent) {
        return text == null || text.isEmpty() ? absent : Integer.parseInt(text);
    }
}

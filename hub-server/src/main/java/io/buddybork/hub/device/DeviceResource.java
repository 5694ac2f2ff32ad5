package io.buddybork.hub.device;

import io.buddybork.hub.user.Roles;
import io.buddybork.hub.validation.Reason;
import io.buddybork.model.wire.CaptureState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Device administration: create (token shown once), list, rename, revoke, capture switch. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "devices", description = "Capture devices: register (token shown once), rename, revoke, capture switch")
public class DeviceResource {
    private static final String UNKNOWN_DEVICE = "`unknown-device`: no device with this id";
    private static final String INVALID_NAME = "`invalid-device-name`: the name is not 1 to " + DeviceService.MAX_NAME
            + " printable characters (after trimming)";

    @Inject
    DeviceService devices;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Register a capture device",
            description = "The token in the answer is shown this once; the hub keeps only its SHA-256."
                    + " A new device has capture enabled.")
    @APIResponseSchema(
            value = CreatedDevice.class,
            responseCode = "201",
            responseDescription = "the device and its token; Location: the device's URL")
    @APIResponse(responseCode = "400", description = INVALID_NAME)
    public RestResponse<CreatedDevice> create(DeviceRequests.Name body, UriInfo uri) {
        CreatedDevice created = devices.create(body == null ? null : body.name());
        return RestResponse.ResponseBuilder.<CreatedDevice>created(uri.getAbsolutePathBuilder()
                        .path(Long.toString(created.id()))
                        .build())
                .entity(created)
                .build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List every device, revoked ones too")
    public List<DeviceView> list() {
        return devices.list();
    }

    @GET
    @Path("{id: [0-9]+}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Read one device")
    @APIResponse(responseCode = "404", description = UNKNOWN_DEVICE)
    @APIResponse(responseCode = "200", description = "the device")
    public DeviceView get(@PathParam("id") long id) {
        return devices.get(id);
    }

    @PATCH
    @Path("{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rename a device")
    @APIResponse(responseCode = "400", description = INVALID_NAME)
    @APIResponse(responseCode = "404", description = UNKNOWN_DEVICE)
    @APIResponse(responseCode = "200", description = "the renamed device")
    public DeviceView rename(@PathParam("id") long id, DeviceRequests.Name body) {
        return devices.rename(id, body == null ? null : body.name());
    }

    @POST
    @Path("{id: [0-9]+}/revoke")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Revoke a device's token",
            description = "From the commit on, the token gets 401; the device's waiting capture-state requests"
                    + " end at once. Its segments stay.")
    @APIResponse(responseCode = "404", description = UNKNOWN_DEVICE)
    @APIResponse(responseCode = "200", description = "the device, revoked")
    public DeviceView revoke(@PathParam("id") long id) {
        return devices.revoke(id);
    }

    @GET
    @Path("{id: [0-9]+}/capture")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Read a device's capture switch")
    @APIResponse(responseCode = "404", description = UNKNOWN_DEVICE)
    @APIResponse(responseCode = "200", description = "the state and its version")
    public CaptureState capture(@PathParam("id") long id) {
        return devices.captureState(id);
    }

    @PUT
    @Path("{id: [0-9]+}/capture")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Switch a device's capture on or off",
            description = "The version grows with every change; waiting devices hear of it at once.")
    @APIResponse(responseCode = "400", description = "`invalid-capture`: the body is not {\"enabled\": true|false}")
    @APIResponse(responseCode = "404", description = UNKNOWN_DEVICE)
    @APIResponse(responseCode = "200", description = "the new state and its version")
    public CaptureState setCapture(
            @PathParam("id") long id,
            @NotNull(message = DeviceRequests.INVALID_CAPTURE, payload = Reason.InvalidCapture.class) @Valid
                    DeviceRequests.Capture body) {
        return devices.setCapture(id, body.enabled());
    }
}

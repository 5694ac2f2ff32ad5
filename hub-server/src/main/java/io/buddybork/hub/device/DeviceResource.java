package io.buddybork.hub.device;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.user.Roles;
import io.buddybork.model.wire.CaptureState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import org.jboss.resteasy.reactive.RestResponse;

/** Device administration: create (token shown once), list, rename, revoke, capture switch. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    @Inject
    DeviceService devices;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
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
    public List<DeviceView> list() {
        return devices.list();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.VIEWER)
    public DeviceView get(@PathParam("id") long id) {
        return devices.get(id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public DeviceView rename(@PathParam("id") long id, DeviceRequests.Name body) {
        return devices.rename(id, body == null ? null : body.name());
    }

    @POST
    @Path("{id}/revoke")
    @RolesAllowed(Roles.ADMIN)
    public DeviceView revoke(@PathParam("id") long id) {
        return devices.revoke(id);
    }

    @GET
    @Path("{id}/capture")
    @RolesAllowed(Roles.VIEWER)
    public CaptureState capture(@PathParam("id") long id) {
        return devices.captureState(id);
    }

    @PUT
    @Path("{id}/capture")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public CaptureState setCapture(@PathParam("id") long id, DeviceRequests.Capture body) {
        if (body == null || body.enabled() == null) {
            throw ProblemException.badRequest("invalid-capture", "body must be {\"enabled\": true|false}");
        }
        return devices.setCapture(id, body.enabled());
    }
}

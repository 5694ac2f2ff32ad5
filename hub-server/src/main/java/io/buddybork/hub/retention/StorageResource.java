package io.buddybork.hub.retention;

import io.buddybork.hub.user.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The storage panel as JSON, {@code GET /api/v1/storage} (admins). */
@Path("/api/v1/storage")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class StorageResource {

    @Inject
    StorageService service;

    @GET
    public StorageOverview overview() {
        return service.overview();
    }
}

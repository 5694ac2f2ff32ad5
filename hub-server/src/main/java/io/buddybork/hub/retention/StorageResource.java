package io.buddybork.hub.retention;

import io.buddybork.hub.user.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The storage panel as JSON, {@code GET /api/v1/storage} (admins). */
@Path("/api/v1/storage")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "storage", description = "Disk use, retention, the disk guard and backups (admins)")
public class StorageResource {

    @Inject
    StorageService service;

    @GET
    @Operation(summary = "Storage panel: disk, retention, deletions and the last backup")
    public StorageOverview overview() {
        return service.overview();
    }
}

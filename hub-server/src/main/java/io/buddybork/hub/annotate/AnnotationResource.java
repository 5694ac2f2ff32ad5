package io.buddybork.hub.annotate;

import io.buddybork.hub.user.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * JSON API of annotations under {@code /api/v1/annotations}. Every signed-in user (viewer or
 * admin) may label sounds; the author is recorded.
 */
@Path("/api/v1/annotations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class AnnotationResource {

    @Inject
    AnnotationService annotations;

    @Inject
    SecurityIdentity identity;

    /** Annotations starting on days {@code from}..{@code to} (UTC, inclusive). */
    @GET
    public List<AnnotationView> list(
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("deviceId") Long deviceId) {
        return annotations.list(Days.parse("from", from), Days.parse("to", to), deviceId);
    }

    /** Annotations per day and tag: {@code [{day, tagId, count}]}. */
    @GET
    @Path("/daily-counts")
    public List<AnnotationRequests.DailyCount> dailyCounts(
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("deviceId") Long deviceId) {
        return annotations.dailyCounts(Days.parse("from", from), Days.parse("to", to), deviceId);
    }

    @POST
    @ResponseStatus(201)
    public AnnotationView create(AnnotationRequests.Create body) {
        return annotations.create(body, identity.getPrincipal().getName());
    }

    @PUT
    @Path("/{id}")
    public AnnotationView retag(@PathParam("id") long id, AnnotationRequests.Retag body) {
        return annotations.retag(id, body == null ? null : body.tagId());
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    public void delete(@PathParam("id") long id) {
        annotations.delete(id);
    }
}

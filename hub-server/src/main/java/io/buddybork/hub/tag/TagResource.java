package io.buddybork.hub.tag;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.user.Roles;
import jakarta.annotation.security.RolesAllowed;
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

/** JSON API of tags under {@code /api/v1/tags}: everyone signed in reads, admins change. */
@Path("/api/v1/tags")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TagResource {

    private final TagService tags;

    TagResource(TagService tags) {
        this.tags = tags;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public List<TagView> list() {
        return tags.list();
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(201)
    public TagView create(TagRequests.Name body) {
        return tags.create(requireBody(body).name());
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public TagView rename(@PathParam("id") long id, TagRequests.Name body) {
        return tags.rename(id, requireBody(body).name());
    }

    @POST
    @Path("/{id}/merge")
    @RolesAllowed(Roles.ADMIN)
    public TagRequests.Outcome merge(@PathParam("id") long id, TagRequests.Merge body) {
        return tags.merge(id, requireBody(body).into());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public TagRequests.Outcome delete(@PathParam("id") long id, @QueryParam("cascade") boolean cascade) {
        return tags.delete(id, cascade);
    }

    private static <T> T requireBody(T body) {
        if (body == null) {
            throw ProblemException.badRequest("missing-body", "a JSON body is required");
        }
        return body;
    }
}

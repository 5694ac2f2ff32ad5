package io.buddybork.hub.tag;

import io.buddybork.hub.user.Roles;
import io.buddybork.hub.validation.Reason;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** JSON API of tags under {@code /api/v1/tags}: everyone signed in reads, admins change. */
@Path("/api/v1/tags")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "tags", description = "The labels of sounds; everyone signed in reads, admins change")
public class TagResource {
    private static final String BAD_NAME = "`missing-body`: no JSON body; `invalid-tag-name`: not 1 to "
            + TagService.MAX_NAME + " characters" + " (after trimming) or holds control characters";
    private static final String UNKNOWN_TAG = "`unknown-tag`: no tag with this id";
    private static final String TAG_EXISTS = "`tag-exists`: another tag has this name";

    private final TagService tags;

    TagResource(TagService tags) {
        this.tags = tags;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List tags in creation order (the annotator's number keys)")
    public List<TagView> list() {
        return tags.list();
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(201)
    @Operation(summary = "Create a tag")
    @APIResponseSchema(value = TagView.class, responseCode = "201", responseDescription = "the new tag")
    @APIResponse(responseCode = "400", description = BAD_NAME)
    @APIResponse(responseCode = "409", description = TAG_EXISTS)
    public TagView create(
            @NotNull(message = TagRequests.MISSING_BODY, payload = Reason.MissingBody.class) TagRequests.Name body) {
        return tags.create(body.name());
    }

    @PUT
    @Path("/{id: [0-9]+}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rename a tag")
    @APIResponse(responseCode = "400", description = BAD_NAME)
    @APIResponse(responseCode = "404", description = UNKNOWN_TAG)
    @APIResponse(responseCode = "409", description = TAG_EXISTS)
    @APIResponse(responseCode = "200", description = "the renamed tag")
    public TagView rename(
            @PathParam("id") long id,
            @NotNull(message = TagRequests.MISSING_BODY, payload = Reason.MissingBody.class) TagRequests.Name body) {
        return tags.rename(id, body.name());
    }

    @POST
    @Path("/{id: [0-9]+}/merge")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Merge a tag into another",
            description = "Moves every annotation to `into`, then deletes the tag.")
    @APIResponse(
            responseCode = "400",
            description = "`missing-body`: no JSON body; `missing-target`: no `into`; `merge-into-itself`")
    @APIResponse(responseCode = "404", description = UNKNOWN_TAG)
    @APIResponse(responseCode = "200", description = "how many annotations moved")
    public TagRequests.Outcome merge(
            @PathParam("id") long id,
            @NotNull(message = TagRequests.MISSING_BODY, payload = Reason.MissingBody.class) @Valid
                    TagRequests.Merge body) {
        return tags.merge(id, body.into());
    }

    @DELETE
    @Path("/{id: [0-9]+}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a tag", description = "With `cascade=true` its annotations are deleted too.")
    @APIResponse(responseCode = "404", description = UNKNOWN_TAG)
    @APIResponse(responseCode = "409", description = "`tag-in-use`: the tag labels annotations and cascade is not set")
    @APIResponse(responseCode = "200", description = "how many annotations went with it")
    public TagRequests.Outcome delete(@PathParam("id") long id, @QueryParam("cascade") boolean cascade) {
        return tags.delete(id, cascade);
    }
}

package io.buddybork.hub.annotate;

import io.buddybork.hub.user.Roles;
import io.buddybork.hub.validation.Reason;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * JSON API of annotations under {@code /api/v1/annotations}. Every signed-in user (viewer or
 * admin) may label sounds; the author is recorded.
 */
@Path("/api/v1/annotations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "annotations", description = "Labelled sounds, the annotator's day chart and 15 s listening windows")
public class AnnotationResource {
    private static final String BAD_DAYS = "`missing-from` / `missing-to`: no day given; `bad-from` / `bad-to`: not a"
            + " YYYY-MM-DD day; `bad-range`: to is before from; `range-too-long`: over "
            + AnnotationService.MAX_RANGE_DAYS + " days";
    private static final String UNKNOWN_ANNOTATION = "`unknown-annotation`: no annotation with this id";

    @Inject
    AnnotationService annotations;

    @Inject
    SecurityIdentity identity;

    /** Annotations starting on days {@code from}..{@code to} (the hub's time zone, inclusive). */
    @GET
    @Operation(summary = "Annotations starting on days from..to (inclusive; days of the hub's time zone)")
    @APIResponse(responseCode = "400", description = BAD_DAYS)
    @APIResponse(responseCode = "200", description = "the annotations, ordered by start")
    public List<AnnotationView> list(
            @QueryParam("from") @DefaultValue("") @AnnotatorDay LocalDate from,
            @QueryParam("to") @DefaultValue("") @AnnotatorDay LocalDate to,
            @QueryParam("deviceId") Long deviceId) {
        return annotations.list(from, to, deviceId);
    }

    /** Annotations per day and tag: {@code [{day, tagId, count}]}. */
    @GET
    @Path("/daily-counts")
    @Operation(summary = "Annotations per day (the hub's time zone) and tag")
    @APIResponse(responseCode = "400", description = BAD_DAYS)
    @APIResponse(responseCode = "200", description = "one row per day and tag that has annotations")
    public List<AnnotationRequests.DailyCount> dailyCounts(
            @QueryParam("from") @DefaultValue("") @AnnotatorDay LocalDate from,
            @QueryParam("to") @DefaultValue("") @AnnotatorDay LocalDate to,
            @QueryParam("deviceId") Long deviceId) {
        return annotations.dailyCounts(from, to, deviceId);
    }

    @POST
    @ResponseStatus(201)
    @Operation(
            summary = "Label a sound",
            description = "The author is the signed-in user. `windowStartMs` (the annotator sends it) is the start of"
                    + " the 15 s window the region was drawn in; the region must lie inside it.")
    @APIResponseSchema(value = AnnotationView.class, responseCode = "201", responseDescription = "the new annotation")
    @APIResponse(
            responseCode = "400",
            description =
                    "`missing-field`: deviceId, startMs, endMs or tagId absent; `time-out-of-range`: a time"
                            + " outside 2000-2100; `end-before-start`; `annotation-too-long`: longer than the window;"
                            + " `outside-window`; `crosses-day-boundary`: spans midnight (the hub's time zone); `unknown-device`")
    @APIResponse(responseCode = "404", description = "`unknown-tag`: no tag with this id")
    public AnnotationView create(
            @NotNull(message = AnnotationRequests.MISSING_FIELDS, payload = Reason.MissingField.class) @Valid
                    AnnotationRequests.Create body) {
        return annotations.create(body, identity.getPrincipal().getName());
    }

    @PUT
    @Path("/{id: [0-9]+}")
    @Operation(summary = "Give an annotation another tag")
    @APIResponse(responseCode = "400", description = "`missing-field`: no tagId")
    @APIResponse(responseCode = "404", description = UNKNOWN_ANNOTATION + "; `unknown-tag`: no tag with that id")
    @APIResponse(responseCode = "200", description = "the annotation with its new tag")
    public AnnotationView retag(
            @PathParam("id") long id,
            @NotNull(message = AnnotationRequests.MISSING_TAG, payload = Reason.MissingField.class) @Valid
                    AnnotationRequests.Retag body) {
        return annotations.retag(id, body.tagId());
    }

    @DELETE
    @Path("/{id: [0-9]+}")
    @ResponseStatus(204)
    @Operation(summary = "Delete an annotation")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = UNKNOWN_ANNOTATION)
    public void delete(@PathParam("id") long id) {
        annotations.delete(id);
    }
}

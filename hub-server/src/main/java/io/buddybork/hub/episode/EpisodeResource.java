package io.buddybork.hub.episode;

import io.buddybork.hub.detect.CursorPages;
import io.buddybork.hub.detect.DetectionConfig;
import io.buddybork.hub.detect.NumberFilter;
import io.buddybork.hub.detect.PageLimit;
import io.buddybork.hub.detect.Paging;
import io.buddybork.hub.detect.TimeRange;
import io.buddybork.hub.user.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/episodes}: episodes by time (paged), the newest ones, one episode, and rebuilds (admins). */
@Path("/api/v1/episodes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "episodes", description = "Episodes: consecutive live detections of one tag on one device")
public class EpisodeResource {
    static final String BAD_RANGE = "`missing-range`: from or to absent; `invalid-time`: not digits;"
            + " `invalid-range`: to is not after from; `range-too-long`: over `buddybork.detection.max-range`";
    private static final String BAD_FILTER = "`invalid-device-id`, `invalid-tag-id`: not a positive number";

    @Inject
    EpisodeService episodes;

    @Inject
    DetectionConfig config;

    /** {@code GET /api/v1/episodes?from=MS&to=MS[&deviceId=N][&tagId=N][&limit=N][&after=CURSOR]}. */
    @GET
    @Operation(
            summary = "Episodes reaching into a time range, paged",
            description = "Ordered by startMs, then id; an episode counts when it overlaps [from, to). A full page"
                    + " carries `Link: <...&after=...>; rel=\"next\"` and `X-Next-After`. `open`: it may still grow.")
    @APIResponse(
            responseCode = "200",
            description = "one page",
            headers = {
                @Header(name = "Link", description = "the next page, when this one is full"),
                @Header(name = "X-Next-After", description = "the cursor of the next page")
            },
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = EpisodeView.class)))
    @APIResponse(
            responseCode = "400",
            description = BAD_RANGE + "; " + BAD_FILTER + "; `invalid-limit`; `invalid-cursor`: after is not"
                    + " <startMs>.<id>")
    public Response list(
            @Valid @BeanParam TimeRange range,
            @QueryParam("deviceId") @NumberFilter Long deviceId,
            @QueryParam("tagId") @NumberFilter Long tagId,
            @Valid @BeanParam Paging.Forward paging,
            @Context UriInfo uri) {
        int size = paging.size(config.pageSize());
        List<EpisodeView> page = episodes.list(range.range(), deviceId, tagId, paging.after(), size);
        return CursorPages.of(page, size, EpisodeView::startMs, EpisodeView::id, uri, "after", "X-Next-After");
    }

    /** {@code GET /api/v1/episodes/latest[?deviceId=N][&limit=N]}: newest first. */
    @GET
    @Path("latest")
    @Operation(summary = "The newest episodes, newest first", description = "At most `limit` (default 10, up to 100).")
    @APIResponse(responseCode = "400", description = BAD_FILTER + "; `invalid-limit`")
    @APIResponse(responseCode = "200", description = "newest first")
    public List<EpisodeView> latest(
            @QueryParam("deviceId") @NumberFilter Long deviceId, @QueryParam("limit") @PageLimit String limit) {
        int size = Paging.size(limit, 10, 100);
        return episodes.latest(deviceId, size);
    }

    /** {@code GET /api/v1/episodes/{id}}. */
    @GET
    @Path("{id: [0-9]+}")
    @Operation(summary = "Read one episode")
    @APIResponse(responseCode = "404", description = "`unknown-episode`: no episode with this id")
    @APIResponse(responseCode = "200", description = "the episode")
    public EpisodeView get(@PathParam("id") long id) {
        return episodes.get(id);
    }

    /** {@code POST /api/v1/episodes/rebuild?from=MS&to=MS}: recomputes the range from the detections. */
    @POST
    @Path("rebuild")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Recompute the episodes of a range from the detections",
            description = "Idempotent. The range grows to whole episodes (and those within the bridge of its edges);"
                    + " their rows are replaced by episodes chained again from the live, tagged detections, leaving"
                    + " out rejected ones. Fires no episode events.")
    @APIResponse(responseCode = "400", description = BAD_RANGE)
    @APIResponse(responseCode = "200", description = "the range covered and the rows removed and created")
    public EpisodeTracker.Rebuilt rebuild(@Valid @BeanParam TimeRange range) {
        return episodes.rebuild(range.range());
    }
}

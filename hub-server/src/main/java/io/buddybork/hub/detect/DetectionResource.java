package io.buddybork.hub.detect;

import io.buddybork.hub.user.Roles;
import io.buddybork.hub.validation.Malformed;
import io.buddybork.hub.validation.Reason;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/detections}: detections of stored segments (paged, by time), dashboard summaries,
 * the detector's status, reviews (viewers) and re-detect jobs (admins).
 */
@Path("/api/v1/detections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "detections", description = "Live detections: reads, summaries, reviews and re-detect jobs")
public class DetectionResource {
    private static final String BAD_RANGE = "`missing-range`: from or to absent; `invalid-time`: not digits;"
            + " `invalid-range`: to is not after from; `range-too-long`: over `buddybork.detection.max-range`";
    private static final String BAD_FILTER = "`invalid-device-id`, `invalid-model-id`: not a positive number";
    private static final String MISSING_MODEL = "`missing-model-id`: no modelId";
    private static final String UNKNOWN_DETECTION = "`unknown-detection`: no detection with this id";
    private static final String LIVE_PARAM = "`live=true`: live detections only, without `history` (the segment"
            + " was stored before the model became active: catch-up or a re-detect job scored it) and `labelled`"
            + " ones (an annotation covered the segment when it was scored).";
    private static final String UNKNOWN_JOB = "`unknown-job`: no re-detect job with this id (jobs are kept in memory)";

    @Inject
    DetectionService detections;

    @Inject
    DetectionConfig config;

    @Inject
    RedetectJobs jobs;

    @Inject
    SecurityIdentity identity;

    /**
     * {@code GET /api/v1/detections?from=MS&to=MS[&deviceId=N][&modelId=N][&live=true][&limit=N][&after=CURSOR]}:
     * ordered by time; a full page carries {@code Link: <...>; rel="next"}.
     */
    @GET
    @Operation(
            summary = "Detections of segments in a time range, paged",
            description = "Ordered by startMs, then id. A full page carries `Link: <...&after=...>; rel=\"next\"` and"
                    + " `X-Next-After`; `tag` is null for an unknown segment. " + LIVE_PARAM)
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
                            schema = @Schema(type = SchemaType.ARRAY, implementation = DetectionView.class)))
    @APIResponse(
            responseCode = "400",
            description = BAD_RANGE + "; " + BAD_FILTER + "; `invalid-limit`: not 1 to the maximum page size;"
                    + " `invalid-cursor`: after is not <startMs>.<id>")
    public Response list(
            @Valid @BeanParam TimeRange range,
            @QueryParam("deviceId") @NumberFilter Long deviceId,
            @QueryParam("modelId") @NumberFilter Long modelId,
            @QueryParam("live") boolean live,
            @Valid @BeanParam Paging.Forward paging,
            @Context UriInfo uri) {
        int size = paging.size(config.pageSize());
        List<DetectionView> page = detections.list(range.range(), deviceId, modelId, live, paging.after(), size);
        return CursorPages.of(page, size, DetectionView::startMs, DetectionView::id, uri, "after", "X-Next-After");
    }

    /**
     * {@code GET /api/v1/detections/latest[?modelId=N][&deviceId=N][&tagId=N][&unknown=true|only][&live=true]
     * [&limit=N][&before=CURSOR]}: newest first; a full page carries {@code Link: <...>; rel="next"}.
     */
    @GET
    @Path("latest")
    @Operation(
            summary = "The newest detections, filtered, paged backwards in time",
            description = "Newest first (startMs, then id). Known tags only unless `unknown=true` (known and unknown)"
                    + " or `unknown=only`; `tagId` shows that tag only. " + LIVE_PARAM + " A full page carries"
                    + " `Link: <...&before=...>; rel=\"next\"` and `X-Next-Before`: the older ones.")
    @APIResponse(
            responseCode = "200",
            description = "newest first",
            headers = {
                @Header(name = "Link", description = "the next (older) page, when this one is full"),
                @Header(name = "X-Next-Before", description = "the cursor of the next page")
            },
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = DetectionView.class)))
    @APIResponse(
            responseCode = "400",
            description = BAD_FILTER + "; `invalid-tag-id`: not a positive number; `invalid-unknown`: not true, false"
                    + " or only; `invalid-limit`; `invalid-cursor`: before is not <startMs>.<id>")
    public Response latest(
            @QueryParam("modelId") @NumberFilter Long modelId,
            @QueryParam("deviceId") @NumberFilter Long deviceId,
            @QueryParam("tagId") @NumberFilter Long tagId,
            @QueryParam("unknown")
                    @Parameter(
                            schema = @Schema(type = SchemaType.STRING)) // as before: the enum's names are not the API's
                    @Malformed(
                            code = "invalid-unknown",
                            detail = "unknown must be true, false or only, got '{value}'",
                            pattern = "true|false|only")
                    DetectionService.Unknowns unknown,
            @QueryParam("live") boolean live,
            @Valid @BeanParam Paging.Backward paging,
            @Context UriInfo uri) {
        int size = paging.size(20, 500);
        List<DetectionView> page = detections.latest(
                new DetectionService.LatestFilter(
                        modelId, deviceId, tagId, unknown == null ? DetectionService.Unknowns.EXCLUDE : unknown, live),
                paging.before(),
                size);
        return CursorPages.of(page, size, DetectionView::startMs, DetectionView::id, uri, "before", "X-Next-Before");
    }

    /** {@code GET /api/v1/detections/uncertain[?modelId=N][&days=N][&limit=N]}: the sounds worth labelling. */
    @GET
    @Path("uncertain")
    @Operation(
            summary = "Sounds worth labelling",
            description = "Unreviewed, unlabelled segments of the last `days` days (default 7) whose best score is"
                    + " near its tag's threshold, or that sound unlike every tag and the background; most useful"
                    + " first. The active model's unless `modelId` is given; empty without a model.")
    @APIResponse(responseCode = "400", description = BAD_FILTER + "; `invalid-limit`; `invalid-days`: not 1 to 90")
    @APIResponse(responseCode = "404", description = "`unknown-model`")
    @APIResponse(responseCode = "200", description = "most useful first")
    public List<DetectionRequests.UncertainSound> uncertain(
            @QueryParam("modelId") @NumberFilter Long modelId,
            // 1 to 90 as a pattern (leading zeros allowed), so that the detail shows the text as sent
            @QueryParam("days")
                    @Malformed(
                            code = "invalid-days",
                            detail = "days must be a whole number from 1 to 90, got '{value}'",
                            pattern = "0*([1-9]|[1-8][0-9]|90)")
                    Integer days,
            @QueryParam("limit") @PageLimit String limit) {
        int size = Paging.size(limit, 20, 200);
        return detections.uncertain(modelId, days == null ? 7 : days, size);
    }

    /** {@code GET /api/v1/detections/histogram?from=MS&to=MS&bucketMs=N[&deviceId][&modelId][&live=true]}. */
    @GET
    @Path("histogram")
    @Operation(summary = "Detections per time bucket and tag (tag null: unknown)", description = LIVE_PARAM)
    @APIResponse(
            responseCode = "400",
            description = BAD_RANGE + "; " + BAD_FILTER + "; `invalid-bucket-ms`: bucketMs not a number;"
                    + " `invalid-bucket`: under 1000 ms or over " + DetectionService.MAX_BUCKETS + " buckets")
    @APIResponse(responseCode = "200", description = "counts per bucket start and tag")
    public List<DetectionRequests.Bucket> histogram(
            @Valid @BeanParam TimeRange range,
            @QueryParam("bucketMs") @NumberFilter Long bucketMs,
            @QueryParam("deviceId") @NumberFilter Long deviceId,
            @QueryParam("modelId") @NumberFilter Long modelId,
            @QueryParam("live") boolean live) {
        return detections.histogram(range.range(), bucketMs == null ? 60_000 : bucketMs, deviceId, modelId, live);
    }

    /**
     * {@code GET /api/v1/detections/tags?modelId=N&from=MS&to=MS[&deviceId=N][&live=true]}: per-tag counts
     * and last detection.
     */
    @GET
    @Path("tags")
    @Operation(
            summary = "Detections per tag in a range, and each tag's latest detection",
            description = LIVE_PARAM + " The dashboard's counters use it: \"today 4, last 3 min ago\" means sounds"
                    + " heard live.")
    @APIResponse(responseCode = "400", description = MISSING_MODEL + "; " + BAD_RANGE + "; " + BAD_FILTER)
    @APIResponse(responseCode = "200", description = "one row per tag (unknowns as tag null)")
    public List<DetectionRequests.TagCount> tags(
            @QueryParam("modelId")
                    @RequiredModelId
                    @NotNull(message = DetectionRequests.MISSING_MODEL_ID, payload = Reason.MissingModelId.class)
                    Long modelId,
            @Valid @BeanParam TimeRange range,
            @QueryParam("deviceId") @NumberFilter Long deviceId,
            @QueryParam("live") boolean live) {
        return detections.tagCounts(range.range(), modelId, deviceId, live);
    }

    /** {@code GET /api/v1/detections/precision?modelId=N}: per tag, reviewed detections and live precision. */
    @GET
    @Path("precision")
    @Operation(summary = "A model's live precision per tag, from reviews")
    @APIResponse(responseCode = "400", description = MISSING_MODEL + "; " + BAD_FILTER)
    @APIResponse(responseCode = "200", description = "one row per tag of the model")
    public List<DetectionRequests.TagPrecision> precision(
            @QueryParam("modelId")
                    @RequiredModelId
                    @NotNull(message = DetectionRequests.MISSING_MODEL_ID, payload = Reason.MissingModelId.class)
                    Long modelId) {
        return detections.precision(modelId);
    }

    /**
     * {@code GET /api/v1/detections/status}: the active model's state, thresholds, the work waiting and
     * the running catch-up's progress.
     */
    @GET
    @Path("status")
    @Operation(
            summary = "The detector's state: active model, thresholds, work waiting, catch-up progress",
            description = "`catchUp` ({total, done}) while a catch-up scores the segments of the catch-up horizon"
                    + " that have no detection of the active model (after an activation: the history), else null.")
    public DetectorStatus status() {
        return detections.status();
    }

    /** {@code GET /api/v1/detections/{id}}. */
    @GET
    @Path("{id: [0-9]+}")
    @Operation(summary = "Read one detection")
    @APIResponse(responseCode = "404", description = UNKNOWN_DETECTION)
    @APIResponse(responseCode = "200", description = "the detection")
    public DetectionView get(@PathParam("id") long id) {
        return detections.get(id);
    }

    /** {@code POST /api/v1/detections/{id}/review} {@code {"review": "confirmed"|"rejected", "tagId": N}}. */
    @POST
    @Path("{id: [0-9]+}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Confirm or reject a detection",
            description =
                    "A confirmation annotates the segment with the detected tag; a rejection with `tagId`"
                            + " annotates it with the right tag. Reviewing again replaces the annotation the earlier review made.")
    @APIResponse(
            responseCode = "400",
            description = "`missing-field`: no review; `invalid-review`: not confirmed or rejected;"
                    + " `tag-with-confirm`: a confirmation with another tagId")
    @APIResponse(responseCode = "404", description = UNKNOWN_DETECTION + "; `unknown-tag`: no tag with that id")
    @APIResponse(responseCode = "409", description = "`unknown-not-confirmable`: an unknown has no tag to confirm")
    @APIResponse(responseCode = "200", description = "the detection with its review")
    public DetectionView review(
            @PathParam("id") long id,
            @NotNull(message = DetectionRequests.MISSING_REVIEW, payload = Reason.MissingField.class) @Valid
                    DetectionRequests.Review body) {
        return detections.review(id, body, identity.getPrincipal().getName());
    }

    /** {@code DELETE /api/v1/detections/{id}/review}: back to unreviewed; removes the annotation the review made. */
    @DELETE
    @Path("{id: [0-9]+}/review")
    @Operation(summary = "Withdraw a review", description = "Removes the annotation the review made.")
    @APIResponse(responseCode = "404", description = UNKNOWN_DETECTION)
    @APIResponse(responseCode = "200", description = "the detection, unreviewed")
    public DetectionView clearReview(@PathParam("id") long id) {
        return detections.clearReview(id);
    }

    /** {@code POST /api/v1/detections/jobs} {@code {"modelId", "fromMs", "toMs", "deviceId"?}}: 202 with the job. */
    @POST
    @Path("jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Start a re-detect job",
            description = "Scores the range's segments that have no detection of the model yet, newest first.")
    @APIResponseSchema(
            value = RedetectJobs.JobView.class,
            responseCode = "202",
            responseDescription = "the queued job; Location: its URL")
    @APIResponse(responseCode = "400", description = "`missing-field`: modelId, fromMs or toMs absent; " + BAD_RANGE)
    @APIResponse(responseCode = "404", description = "`unknown-model`: no model with this id")
    @APIResponse(responseCode = "409", description = "`model-unavailable`: the model cannot be loaded")
    public Response redetect(
            @NotNull(message = DetectionRequests.MISSING_JOB_FIELDS, payload = Reason.MissingField.class) @Valid
                    DetectionRequests.Redetect body) {
        RedetectJobs.JobView job = jobs.start(body);
        return Response.accepted(job)
                .header("Location", "/api/v1/detections/jobs/" + job.id())
                .build();
    }

    /** {@code GET /api/v1/detections/jobs}: remembered re-detect jobs, newest first. */
    @GET
    @Path("jobs")
    @Operation(summary = "The remembered re-detect jobs (the last 50), newest first")
    public List<RedetectJobs.JobView> jobs() {
        return jobs.list();
    }

    /** {@code GET /api/v1/detections/jobs/{id}}: a job's progress. */
    @GET
    @Path("jobs/{id: [0-9]+}")
    @Operation(summary = "A re-detect job's progress")
    @APIResponse(responseCode = "404", description = UNKNOWN_JOB)
    @APIResponse(responseCode = "200", description = "the job")
    public RedetectJobs.JobView job(@PathParam("id") long id) {
        return jobs.get(id);
    }

    /** {@code DELETE /api/v1/detections/jobs/{id}}: cancels a job. */
    @DELETE
    @Path("jobs/{id: [0-9]+}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Cancel a re-detect job")
    @APIResponse(responseCode = "404", description = UNKNOWN_JOB)
    @APIResponse(responseCode = "200", description = "the job, cancelled")
    public RedetectJobs.JobView cancel(@PathParam("id") long id) {
        return jobs.cancel(id);
    }
}

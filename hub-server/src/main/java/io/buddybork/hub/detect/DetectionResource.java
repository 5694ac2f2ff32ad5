package io.buddybork.hub.detect;

import io.buddybork.hub.user.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

/**
 * {@code /api/v1/detections}: detections of stored segments (paged, by time), dashboard summaries,
 * the detector's status, reviews (viewers) and re-detect jobs (admins).
 */
@Path("/api/v1/detections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class DetectionResource {

    @Inject
    DetectionService detections;

    @Inject
    RedetectJobs jobs;

    @Inject
    SecurityIdentity identity;

    /**
     * {@code GET /api/v1/detections?from=MS&to=MS[&deviceId=N][&modelId=N][&limit=N][&after=CURSOR]}:
     * ordered by time; a full page carries {@code Link: <...>; rel="next"}.
     */
    @GET
    public Response list(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("deviceId") String deviceId,
            @QueryParam("modelId") String modelId,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Context UriInfo uri) {
        DetectionService.Range range = detections.range(from, to);
        int size = detections.limit(limit);
        List<DetectionView> page = detections.list(
                range,
                DetectionService.optionalId(deviceId, "deviceId"),
                DetectionService.optionalId(modelId, "modelId"),
                DetectionService.cursor(after),
                size);
        Response.ResponseBuilder ok = Response.ok(page);
        if (page.size() == size) {
            DetectionView last = page.get(page.size() - 1);
            String cursor = last.startMs() + "." + last.id();
            ok.header(
                    "Link",
                    "<"
                            + uri.getRequestUriBuilder()
                                    .replaceQueryParam("after", cursor)
                                    .build() + ">; rel=\"next\"");
            ok.header("X-Next-After", cursor);
        }
        return ok.build();
    }

    /** {@code GET /api/v1/detections/latest[?modelId=N][&deviceId=N][&unknown=true][&limit=N]}: newest first. */
    @GET
    @Path("latest")
    public List<DetectionView> latest(
            @QueryParam("modelId") String modelId,
            @QueryParam("deviceId") String deviceId,
            @QueryParam("unknown") boolean unknown,
            @QueryParam("limit") String limit) {
        int size = limit == null || limit.isEmpty() ? 20 : Math.min(detections.limit(limit), 500);
        return detections.latest(
                DetectionService.optionalId(modelId, "modelId"),
                DetectionService.optionalId(deviceId, "deviceId"),
                unknown,
                size);
    }

    /** {@code GET /api/v1/detections/histogram?from=MS&to=MS&bucketMs=N[&deviceId][&modelId]}. */
    @GET
    @Path("histogram")
    public List<DetectionRequests.Bucket> histogram(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("bucketMs") String bucketMs,
            @QueryParam("deviceId") String deviceId,
            @QueryParam("modelId") String modelId) {
        Long bucket = DetectionService.optionalId(bucketMs, "bucketMs");
        return detections.histogram(
                detections.range(from, to),
                bucket == null ? 60_000 : bucket,
                DetectionService.optionalId(deviceId, "deviceId"),
                DetectionService.optionalId(modelId, "modelId"));
    }

    /** {@code GET /api/v1/detections/tags?modelId=N&from=MS&to=MS[&deviceId=N]}: per-tag counts and last detection. */
    @GET
    @Path("tags")
    public List<DetectionRequests.TagCount> tags(
            @QueryParam("modelId") String modelId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("deviceId") String deviceId) {
        Long model = DetectionService.optionalId(modelId, "modelId");
        if (model == null) {
            throw io.buddybork.hub.problem.ProblemException.badRequest("missing-model-id", "modelId is required");
        }
        return detections.tagCounts(
                detections.range(from, to), model, DetectionService.optionalId(deviceId, "deviceId"));
    }

    /** {@code GET /api/v1/detections/precision?modelId=N}: per tag, reviewed detections and live precision. */
    @GET
    @Path("precision")
    public List<DetectionRequests.TagPrecision> precision(@QueryParam("modelId") String modelId) {
        Long model = DetectionService.optionalId(modelId, "modelId");
        if (model == null) {
            throw io.buddybork.hub.problem.ProblemException.badRequest("missing-model-id", "modelId is required");
        }
        return detections.precision(model);
    }

    /** {@code GET /api/v1/detections/status}: the active model's state, thresholds and the work waiting. */
    @GET
    @Path("status")
    public DetectorStatus status() {
        return detections.status();
    }

    /** {@code GET /api/v1/detections/{id}}. */
    @GET
    @Path("{id: [0-9]+}")
    public DetectionView get(@PathParam("id") long id) {
        return detections.get(id);
    }

    /** {@code POST /api/v1/detections/{id}/review} {@code {"review": "confirmed"|"rejected", "tagId": N}}. */
    @POST
    @Path("{id: [0-9]+}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    public DetectionView review(@PathParam("id") long id, DetectionRequests.Review body) {
        return detections.review(id, body, identity.getPrincipal().getName());
    }

    /** {@code DELETE /api/v1/detections/{id}/review}: back to unreviewed; removes the annotation the review made. */
    @DELETE
    @Path("{id: [0-9]+}/review")
    public DetectionView clearReview(@PathParam("id") long id) {
        return detections.clearReview(id);
    }

    /** {@code POST /api/v1/detections/jobs} {@code {"modelId", "fromMs", "toMs", "deviceId"?}}: 202 with the job. */
    @POST
    @Path("jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response redetect(DetectionRequests.Redetect body) {
        RedetectJobs.JobView job = jobs.start(body);
        return Response.accepted(job)
                .header("Location", "/api/v1/detections/jobs/" + job.id())
                .build();
    }

    /** {@code GET /api/v1/detections/jobs}: remembered re-detect jobs, newest first. */
    @GET
    @Path("jobs")
    public List<RedetectJobs.JobView> jobs() {
        return jobs.list();
    }

    /** {@code GET /api/v1/detections/jobs/{id}}: a job's progress. */
    @GET
    @Path("jobs/{id: [0-9]+}")
    public RedetectJobs.JobView job(@PathParam("id") long id) {
        return jobs.get(id);
    }

    /** {@code DELETE /api/v1/detections/jobs/{id}}: cancels a job. */
    @DELETE
    @Path("jobs/{id: [0-9]+}")
    @RolesAllowed(Roles.ADMIN)
    public RedetectJobs.JobView cancel(@PathParam("id") long id) {
        return jobs.cancel(id);
    }
}

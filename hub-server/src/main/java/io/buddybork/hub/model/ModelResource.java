package io.buddybork.hub.model;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.user.Roles;
import io.buddybork.recognition.feature.FeatureConfig;
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
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * JSON API of the model builder and library under {@code /api/v1/models}: train (a background
 * job), follow and cancel jobs, list, inspect, rename, delete, download and import models, and
 * choose the active model. Everyone signed in may look; only admins change anything.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ModelResource {
    private static final int MAX_WAIT_SECONDS = 30;

    @Inject
    ModelService models;

    @Inject
    TrainingJobs jobs;

    @Inject
    SecurityIdentity identity;

    @Inject
    io.buddybork.hub.detect.DetectionService detections;

    /** Every model, newest first, with headline metrics. */
    @GET
    public List<ModelRequests.ModelView> list() {
        return models.list();
    }

    /** Starts training; answers 202 with the job id, 409 {@code training-busy} while another runs. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(202)
    public ModelRequests.Started train(ModelRequests.Train body) {
        jobs.requireIdle(); // answer "busy" before the (slower) checks of the split
        TrainingPlan plan = models.plan(body);
        return new ModelRequests.Started(
                jobs.submit(plan, identity.getPrincipal().getName()));
    }

    /** The options the recognition module offers, with defaults. */
    @GET
    @Path("/options")
    public ModelRequests.Options options() {
        return new ModelRequests.Options(
                ModelOptions.describe(), FeatureConfig.defaults().fingerprint());
    }

    /** Every UTC day with segments or annotations (annotation counts per tag id). */
    @GET
    @Path("/days")
    public List<ModelRequests.DayData> days() {
        return models.days();
    }

    /** The active model ({@code modelId} null when none). */
    @GET
    @Path("/active")
    public ModelRequests.ActiveModel active() {
        return models.active();
    }

    /** Makes a model active ({@code {"modelId": null}} for none). */
    @PUT
    @Path("/active")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public ModelRequests.ActiveModel activate(ModelRequests.Activate body) {
        return models.activate(body == null ? null : body.modelId());
    }

    /** The running job, else the newest one; 204 when there never was one. */
    @GET
    @Path("/jobs/current")
    public Response currentJob() {
        return jobs.latest()
                .map(j -> Response.ok(j).build())
                .orElse(Response.noContent().build());
    }

    /**
     * A job's state. With {@code wait=S} and {@code version=V} (from an earlier answer) it answers
     * when the job changed or after S seconds (long-poll).
     */
    @GET
    @Path("/jobs/{jobId}")
    public ModelRequests.JobView job(
            @PathParam("jobId") long jobId, @QueryParam("wait") Integer wait, @QueryParam("version") Long version)
            throws InterruptedException {
        if (wait == null || wait <= 0 || version == null) {
            return jobs.status(jobId);
        }
        if (wait > MAX_WAIT_SECONDS) {
            throw ProblemException.badRequest("invalid-wait", "wait must be 0 to " + MAX_WAIT_SECONDS + " seconds");
        }
        return jobs.await(jobId, version, wait * 1000L);
    }

    /** Asks a job to stop. */
    @POST
    @Path("/jobs/{jobId}/cancel")
    @RolesAllowed(Roles.ADMIN)
    public ModelRequests.JobView cancel(@PathParam("jobId") long jobId) {
        return jobs.cancel(jobId);
    }

    /** Imports a model file made by the recognition CLI (body: the {@code .model} file). */
    @POST
    @Path("/import")
    @Consumes(MediaType.WILDCARD) // any type: the bytes are checked, and refusals come before a 415
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(201)
    public ModelRequests.ModelView importModel(InputStream body, @QueryParam("name") String name) throws IOException {
        return models.importModel(body, name);
    }

    /** One model with every metric, its training summary and its live precision from reviews. */
    @GET
    @Path("/{id}")
    public ModelRequests.ModelView get(@PathParam("id") long id) {
        return models.get(id).withLivePrecision(detections.precision(id));
    }

    /** Renames a model: {@code {"name": "..."}}. */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public ModelRequests.ModelView rename(@PathParam("id") long id, ModelRequests.Rename body) {
        return models.rename(id, body == null ? null : body.name());
    }

    /** Deletes a model; the active one only with {@code deactivate=true}. */
    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(204)
    public void delete(@PathParam("id") long id, @QueryParam("deactivate") boolean deactivate) {
        models.delete(id, deactivate);
    }

    /** The model file (the recognition module's format). */
    @GET
    @Path("/{id}/file")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response file(@PathParam("id") long id) {
        java.nio.file.Path file = models.file(id);
        return Response.ok(file.toFile())
                .header("Content-Disposition", "attachment; filename=\"buddybork-model-" + id + ".model\"")
                .build();
    }

    /** The model's JSON metadata file. */
    @GET
    @Path("/{id}/metadata")
    public Response metadata(@PathParam("id") long id) {
        java.nio.file.Path file = models.metadata(id);
        return Response.ok(file.toFile(), MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"buddybork-model-" + id + ".json\"")
                .build();
    }
}

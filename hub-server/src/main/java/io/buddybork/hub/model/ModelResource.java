package io.buddybork.hub.model;

import io.buddybork.hub.user.Roles;
import io.buddybork.hub.validation.Reason;
import io.buddybork.recognition.feature.FeatureConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
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
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * JSON API of the model builder and library under {@code /api/v1/models}: train (a background
 * job), follow and cancel jobs, list, inspect, rename, delete, download and import models, and
 * choose the active model. Everyone signed in may look; only admins change anything.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "models", description = "The model builder (training jobs) and the model library; the active model")
public class ModelResource {
    private static final String UNKNOWN_MODEL = "`unknown-model`: no model with this id";
    private static final String UNKNOWN_JOB = "`unknown-job`: no training job with this id";
    private static final String BAD_NAME = "`missing-name`: empty name; `name-too-long`";

    private static final int MAX_WAIT_SECONDS = 30;

    @Inject
    ModelService models;

    @Inject
    TrainingJobs jobs;

    @Inject
    SecurityIdentity identity;

    @Inject
    io.buddybork.hub.detect.DetectionService detections;

    @Inject
    ModelSensitivity sensitivity;

    /** Every model, newest first, with headline metrics. */
    @GET
    @Operation(summary = "The model library, newest first, with headline metrics")
    public List<ModelRequests.ModelView> list() {
        return models.list();
    }

    /** Starts training; answers 202 with the job id, 409 {@code training-busy} while another runs. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(202)
    @Operation(
            summary = "Start training a model",
            description = "A background job: follow it at /api/v1/models/jobs/{jobId}. Options are the keys that"
                    + " GET /api/v1/models/options lists.")
    @APIResponseSchema(value = ModelRequests.Started.class, responseCode = "202", responseDescription = "the job's id")
    @APIResponse(
            responseCode = "400",
            description = "`missing-field`: no body or no train split; `no-tags`; " + BAD_NAME + "; `duplicate-tags`;"
                    + " `unknown-tag`; `no-training-days`; `no-background`: no training background day, or no audio"
                    + " on it; `tag-without-examples` (names the tags); `split-overlap`: a day on both sides;"
                    + " `bad-day`; `unknown-option`; `bad-option`")
    @APIResponse(responseCode = "409", description = "`training-busy`: a training is queued or running")
    public ModelRequests.Started train(
            @NotNull(message = ModelRequests.MISSING_TRAIN_BODY, payload = Reason.MissingField.class) @Valid
                    ModelRequests.Train body) {
        jobs.requireIdle(); // answer "busy" before the (slower) checks of the split that need the database
        TrainingPlan plan = models.plan(body);
        return new ModelRequests.Started(
                jobs.submit(plan, identity.getPrincipal().getName()));
    }

    /** The options the recognition module offers, with defaults. */
    @GET
    @Path("/options")
    @Operation(summary = "The training options the recognition module offers, with defaults")
    public ModelRequests.Options options() {
        return new ModelRequests.Options(
                ModelOptions.describe(), FeatureConfig.defaults().fingerprint());
    }

    /** Every day (the hub's time zone) with segments or annotations (annotation counts per tag id). */
    @GET
    @Path("/days")
    @Operation(summary = "Every day (the hub's time zone) with audio or labels, with annotation counts per tag")
    public List<ModelRequests.DayData> days() {
        return models.days();
    }

    /** The active model ({@code modelId} null when none). */
    @GET
    @Path("/active")
    @Operation(summary = "The active model (modelId null: none)")
    public ModelRequests.ActiveModel active() {
        return models.active();
    }

    /** Makes a model active ({@code {"modelId": null}} for none). */
    @PUT
    @Path("/active")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Choose the active model",
            description = "`{\"modelId\": null}` for none. Live detection switches for the next segment.")
    @APIResponse(responseCode = "404", description = UNKNOWN_MODEL)
    @APIResponse(responseCode = "409", description = "`model-without-file`: the model has no file")
    @APIResponse(responseCode = "200", description = "the active model now")
    public ModelRequests.ActiveModel activate(
            @RequestBody(required = false, description = "no body, like a null modelId, leaves no model active")
                    ModelRequests.Activate body) {
        return models.activate(body == null ? null : body.modelId());
    }

    /** The running job, else the newest one; 204 when there never was one. */
    @GET
    @Path("/jobs/current")
    @Operation(summary = "The training job running now, else the newest")
    @APIResponseSchema(value = ModelRequests.JobView.class, responseDescription = "the job")
    @APIResponse(responseCode = "204", description = "there never was a training job")
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
    @Path("/jobs/{jobId: [0-9]+}")
    @Operation(
            summary = "A training job's state (long-poll with wait and version)",
            description = "With `wait` (seconds) and the `version` of an earlier answer, it answers when the job"
                    + " changed or after `wait` seconds.")
    @APIResponse(responseCode = "400", description = "`invalid-wait`: wait over 30 seconds")
    @APIResponse(responseCode = "404", description = UNKNOWN_JOB)
    @APIResponse(responseCode = "200", description = "the job")
    public ModelRequests.JobView job(
            @PathParam("jobId") long jobId,
            @QueryParam("wait")
                    @Max(
                            value = MAX_WAIT_SECONDS,
                            message = "wait must be 0 to {value} seconds",
                            payload = Reason.InvalidWait.class)
                    Integer wait,
            @QueryParam("version") Long version)
            throws InterruptedException {
        if (wait == null || wait <= 0 || version == null) {
            return jobs.status(jobId);
        }
        return jobs.await(jobId, version, wait * 1000L);
    }

    /** Asks a job to stop. */
    @POST
    @Path("/jobs/{jobId: [0-9]+}/cancel")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Ask a training job to stop", description = "A finished job is returned as it is.")
    @APIResponse(responseCode = "404", description = UNKNOWN_JOB)
    @APIResponse(responseCode = "200", description = "the job (stage cancelling, or as it was when finished)")
    public ModelRequests.JobView cancel(@PathParam("jobId") long jobId) {
        return jobs.cancel(jobId);
    }

    /** Imports a model file made by the recognition CLI (body: the {@code .model} file). */
    @POST
    @Path("/import")
    @Consumes(MediaType.WILDCARD) // any type: the bytes are checked, and refusals come before a 415
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(201)
    @Operation(
            summary = "Import a model file made by the recognition CLI",
            description = "Body: the .model file (format 2, plain data; docs/model-format.md). Tags the hub lacks"
                    + " are created; tag names follow the tags API's rule.")
    @APIResponseSchema(
            value = ModelRequests.ModelView.class,
            responseCode = "201",
            responseDescription = "the imported model")
    @APIResponse(
            responseCode = "400",
            description = "`corrupt-model`: empty, not a model, truncated, a wrong checksum, sizes beyond the file or"
                    + " the limits, inconsistent, or the old Java-serialised format (convert it with `recognition"
                    + " convert-model`); `incompatible-model`: another feature version or format (retrain);"
                    + " `invalid-tag-name`: a tag of the model the tags API would refuse; " + BAD_NAME)
    @APIResponse(
            responseCode = "409",
            description = "`tag-exists`: a tag of the model differs from a hub tag only in case")
    @APIResponse(
            responseCode = "413",
            description = "`model-too-large`: the file is over `buddybork.models.max-import-bytes` (256 MiB by"
                    + " default): refused before a byte is read when Content-Length says so, else when the copy"
                    + " passes the limit")
    public ModelRequests.ModelView importModel(InputStream body, @QueryParam("name") String name) throws IOException {
        return models.importModel(body, name);
    }

    /** One model with every metric, its training summary and its live precision from reviews. */
    @GET
    @Path("/{id: [0-9]+}")
    @Operation(summary = "One model with every figure, its training summary and its live precision")
    @APIResponse(responseCode = "404", description = UNKNOWN_MODEL)
    @APIResponse(responseCode = "200", description = "the model with every figure")
    public ModelRequests.ModelView get(@PathParam("id") long id) {
        return models.get(id).withLivePrecision(detections.precision(id));
    }

    /** Per tag: the trained and current threshold and what each setting promises. */
    @GET
    @Path("/{id: [0-9]+}/sensitivity")
    @Operation(
            summary = "The sensitivity control of a model",
            description = "Per tag: the trained threshold, the one live detection uses now, and settings from the"
                    + " strictest to the most lenient with the precision, recall (95 % Wilson intervals, counts) and"
                    + " false alarms per day and per hour they promise on the calibration data.")
    @APIResponse(responseCode = "404", description = UNKNOWN_MODEL)
    @APIResponse(responseCode = "409", description = "`model-unavailable`: the model file cannot be loaded")
    @APIResponse(responseCode = "200", description = "the sensitivity view")
    public ModelRequests.SensitivityView sensitivity(@PathParam("id") long id) {
        return sensitivity.view(id);
    }

    /** Sets per-tag thresholds ({@code {"thresholds": {"bark": 0.6, "door": null}}}); applies to live detection at once. */
    @PUT
    @Path("/{id: [0-9]+}/sensitivity")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Move tags' thresholds",
            description = "Live detection uses the new thresholds from the next segment on, without retraining;"
                    + " null restores the trained threshold. The settings are kept with the model.")
    @APIResponse(
            responseCode = "400",
            description = "`missing-field`: no thresholds; `unknown-tag`: the model has no such tag;"
                    + " `invalid-threshold`: not from 0 to 1")
    @APIResponse(responseCode = "404", description = UNKNOWN_MODEL)
    @APIResponse(responseCode = "409", description = "`model-unavailable`: the model file cannot be loaded")
    @APIResponse(responseCode = "200", description = "the new sensitivity view")
    public ModelRequests.SensitivityView setSensitivity(
            @PathParam("id") long id, ModelRequests.SensitivityUpdate body) {
        return sensitivity.update(id, body);
    }

    /** Renames a model: {@code {"name": "..."}}. */
    @PUT
    @Path("/{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rename a model")
    @APIResponse(responseCode = "400", description = BAD_NAME)
    @APIResponse(responseCode = "404", description = UNKNOWN_MODEL)
    @APIResponse(responseCode = "200", description = "the renamed model")
    public ModelRequests.ModelView rename(@PathParam("id") long id, ModelRequests.Rename body) {
        return models.rename(id, body == null ? null : body.name());
    }

    /** Deletes a model; the active one only with {@code deactivate=true}. */
    @DELETE
    @Path("/{id: [0-9]+}")
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(204)
    @Operation(summary = "Delete a model and its files", description = "The active one only with `deactivate=true`.")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = UNKNOWN_MODEL)
    @APIResponse(responseCode = "409", description = "`model-active`: the active model, without deactivate=true")
    public void delete(@PathParam("id") long id, @QueryParam("deactivate") boolean deactivate) {
        models.delete(id, deactivate);
    }

    /** The model file (the recognition module's format). */
    @GET
    @Path("/{id: [0-9]+}/file")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download the model file (the recognition module's format)")
    @APIResponse(
            responseCode = "200",
            description = "the model file",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_OCTET_STREAM,
                            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = UNKNOWN_MODEL + "; `no-model-file`")
    public Response file(@PathParam("id") long id) {
        return Response.ok(models.file(id))
                .header("Content-Disposition", "attachment; filename=\"buddybork-model-" + id + ".model\"")
                .build();
    }

    /** The model's JSON metadata file. */
    @GET
    @Path("/{id: [0-9]+}/metadata")
    @Operation(summary = "Download the model's JSON metadata")
    @APIResponse(
            responseCode = "200",
            description = "the metadata file",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = UNKNOWN_MODEL + "; `no-model-file`")
    public Response metadata(@PathParam("id") long id) {
        return Response.ok(models.metadata(id), MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"buddybork-model-" + id + ".json\"")
                .build();
    }
}

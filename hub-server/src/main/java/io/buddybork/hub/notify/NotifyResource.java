package io.buddybork.hub.notify;

import io.buddybork.hub.notify.NotifyRequests.RuleBody;
import io.buddybork.hub.notify.NotifyRequests.TargetBody;
import io.buddybork.hub.user.Roles;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Notification settings for admins under {@code /api/v1/notifications}: MQTT status and broker, push targets
 * (secrets masked), per-tag rules, "send a test" and the delivery log; a thin layer over
 * {@link NotifyService}.
 */
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "notifications", description = "MQTT, Home Assistant and webhook / ntfy notifications (admins)")
public class NotifyResource {
    private static final String UNKNOWN_TARGET = "`unknown-target`: no target with this id";
    private static final String TARGET_400 = "`missing-body`; `invalid-target-name`: not 1 to 100 characters;"
            + " `invalid-target-kind`: not generic or ntfy; `invalid-target-url`: not an http(s) URL with a host";

    @Inject
    NotifyService service;

    @GET
    @Operation(summary = "MQTT connection, targets, rules and away mode")
    public NotifyRequests.Overview overview() {
        return service.overview();
    }

    @GET
    @Path("/mqtt")
    @Operation(
            summary = "The MQTT broker settings",
            description = "source environment (BUDDYBORK_MQTT_URL set: read-only) or database; the password only"
                    + " masked.")
    public NotifyRequests.MqttView mqtt() {
        return service.mqttSettings();
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @PUT
    @Path("/mqtt")
    @Operation(
            summary = "Set the MQTT broker",
            description = "Applied without a restart: the hub disconnects and connects with the new settings."
                    + " A null password keeps the stored one, an empty one removes it; an empty url turns MQTT"
                    + " off.")
    @APIResponse(responseCode = "200", description = "the settings, password masked")
    @APIResponse(
            responseCode = "400",
            description = "`missing-body`; `invalid-mqtt-url`: not tcp:// or ssl:// with a host;"
                    + " `invalid-topic-prefix`, `invalid-discovery-prefix`: not one topic level without wildcards;"
                    + " `invalid-mqtt-username`; `invalid-mqtt-password`")
    @APIResponse(responseCode = "409", description = "`mqtt-from-environment`: the environment sets the broker")
    public NotifyRequests.MqttView setMqtt(NotifyRequests.MqttBody body) {
        return service.saveMqttSettings(body);
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @Path("/mqtt/test")
    @Operation(
            summary = "Test a broker connection without saving",
            description = "Connects with the body's settings (null password: the stored one; no body: the stored"
                    + " settings; the environment's when it sets the broker) and disconnects; waits up to 5 s.")
    @APIResponse(responseCode = "200", description = "ok, or the error")
    @APIResponse(responseCode = "400", description = "`invalid-mqtt-url`; `invalid-topic-prefix`")
    public NotifyRequests.MqttTested testMqtt(NotifyRequests.MqttBody body) {
        return service.testMqtt(body);
    }

    @GET
    @Path("/targets")
    @Operation(summary = "List push targets", description = "URLs are masked and tokens only shown as hasToken.")
    public List<TargetView> targets() {
        return service.targets();
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @Path("/targets")
    @ResponseStatus(201)
    @Operation(summary = "Add a push target", description = "kind generic (JSON POST, the default) or ntfy.")
    @APIResponse(responseCode = "201", description = "the target, masked")
    @APIResponse(responseCode = "400", description = TARGET_400)
    public TargetView create(TargetBody body) {
        return service.create(body);
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @PUT
    @Path("/targets/{id: [0-9]+}")
    @Operation(
            summary = "Change a push target",
            description = "Null url or token keep the stored ones; an empty token removes it.")
    @APIResponse(responseCode = "200", description = "the target, masked")
    @APIResponse(responseCode = "400", description = TARGET_400)
    @APIResponse(responseCode = "404", description = UNKNOWN_TARGET)
    public TargetView update(@PathParam("id") long id, TargetBody body) {
        return service.update(id, body);
    }

    @DELETE
    @Path("/targets/{id: [0-9]+}")
    @ResponseStatus(204)
    @Operation(summary = "Remove a push target and its deliveries")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "404", description = UNKNOWN_TARGET)
    public void delete(@PathParam("id") long id) {
        service.delete(id);
    }

    @POST
    @Path("/targets/{id: [0-9]+}/test")
    @ResponseStatus(202)
    @Operation(summary = "Send a test push", description = "Queued like any push; follow it in the delivery log.")
    @APIResponse(responseCode = "202", description = "the delivery's id")
    @APIResponse(responseCode = "404", description = UNKNOWN_TARGET)
    public NotifyRequests.TestSent test(@PathParam("id") long id) {
        return service.sendTest(id);
    }

    @GET
    @Path("/deliveries")
    @Operation(summary = "The delivery log, newest first")
    @APIResponse(responseCode = "400", description = "`invalid-limit`: not 1 to 1000")
    @APIResponse(responseCode = "200", description = "deliveries with status, attempts and last error")
    public List<DeliveryView> deliveries(@QueryParam("limit") Integer limit, @QueryParam("target") Long target) {
        return service.deliveries(limit, target);
    }

    @GET
    @Path("/rules")
    @Operation(summary = "The default rule (tagId null) and the per-tag rules")
    public List<NotifyRule> rules() {
        return service.rules();
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @PUT
    @Path("/rules/default")
    @Operation(summary = "Set the default rule")
    @APIResponse(responseCode = "200", description = "the rule")
    @APIResponse(
            responseCode = "400",
            description = "`missing-body`; `invalid-cooldown`; `invalid-quiet-hours`; `invalid-min-duration`;"
                    + " `invalid-min-score`")
    public NotifyRule setDefault(RuleBody body) {
        return service.saveRule(null, body);
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @PUT
    @Path("/rules/tags/{tagId: [0-9]+}")
    @Operation(summary = "Set a tag's own rule")
    @APIResponse(responseCode = "200", description = "the rule")
    @APIResponse(
            responseCode = "400",
            description = "`missing-body`; `invalid-cooldown`; `invalid-quiet-hours`; `invalid-min-duration`;"
                    + " `invalid-min-score`")
    @APIResponse(responseCode = "404", description = "`unknown-tag`")
    public NotifyRule setForTag(@PathParam("tagId") long tagId, RuleBody body) {
        return service.saveRule(tagId, body);
    }

    @DELETE
    @Path("/rules/tags/{tagId: [0-9]+}")
    @ResponseStatus(204)
    @Operation(summary = "Remove a tag's own rule (the default applies again)")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "404", description = "`unknown-rule`: the tag has no rule of its own")
    public void deleteRule(@PathParam("tagId") long tagId) {
        service.deleteRule(tagId);
    }
}

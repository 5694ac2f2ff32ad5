package io.buddybork.hub.episode;

import io.buddybork.hub.away.AwayService;
import io.buddybork.hub.away.AwayState;
import io.buddybork.hub.away.Visits;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.user.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/summary}: what was heard in a period, per tag and as a timeline of episodes. */
@Path("/api/v1/summary")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "episodes")
public class SummaryResource {
    /** The period of {@code since=last-visit} for a user without an earlier visit. */
    static final long FIRST_VISIT_MS = 86_400_000L;

    @Inject
    EpisodeService episodes;

    @Inject
    AwayService away;

    @Inject
    Visits visits;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(
            summary = "Per tag: episodes, total and longest duration in a period, with the period's timeline",
            description = "The period is `from`/`to` (epoch ms) or `since`: `last-visit` (from the end of the caller's"
                    + " previous dashboard visit, or the last 24 h, until now) or `last-absence` (the current absence"
                    + " until now, else the last one that ended). Episodes count when they start in the period.")
    @APIResponse(
            responseCode = "400",
            description = EpisodeResource.BAD_RANGE + "; `invalid-since`: not last-visit or last-absence;"
                    + " `no-absence`: since=last-absence before any absence")
    @APIResponse(responseCode = "200", description = "the summary")
    public EpisodeSummary summary(@Valid @BeanParam SummaryPeriod period) {
        long now = System.currentTimeMillis();
        if (period.sinceLastVisit()) {
            long start = visits.previous(identity.getPrincipal().getName()).orElse(now - FIRST_VISIT_MS);
            return episodes.summary(start, Math.max(now, start + 1));
        }
        if (period.sinceLastAbsence()) {
            AwayState state = away.state();
            if (state.away()) {
                return episodes.summary(state.sinceMs(), Math.max(now, state.sinceMs() + 1));
            }
            if (state.lastAbsence() == null) {
                throw ProblemException.badRequest("no-absence", "the owner has not been away yet");
            }
            return episodes.summary(
                    state.lastAbsence().fromMs(), state.lastAbsence().toMs());
        }
        return episodes.summary(period.from, period.to);
    }
}

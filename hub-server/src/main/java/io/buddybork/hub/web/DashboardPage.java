package io.buddybork.hub.web;

import io.buddybork.hub.away.AwayService;
import io.buddybork.hub.away.AwayState;
import io.buddybork.hub.away.Visits;
import io.buddybork.hub.user.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/**
 * The dashboard: devices with their state and capture switch, the live amplitude chart, episodes
 * with the away button and the summary of the owner's absence or of the time since their last
 * visit (each view counts as a visit), user admin.
 */
@Path("/")
@RolesAllowed(Roles.VIEWER)
public class DashboardPage {
    /** An absence that ended longer ago than this is no longer greeted. */
    static final long GREET_ABSENCE_MS = 24 * 3_600_000L;

    /**
     * The period the summary section shows first.
     *
     * @param kind {@code absence} (welcome back: the absence that ended since the last visit),
     *     {@code visit} (since the previous visit) or {@code today}
     * @param fromMs its start, epoch ms
     * @param toMs its end, epoch ms; 0: until now
     */
    public record Greeting(String kind, long fromMs, long toMs) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(PageContext ctx, Greeting greeting);
    }

    @Inject
    PageContexts contexts;

    @Inject
    AwayService away;

    @Inject
    Visits visits;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show() {
        PageContext ctx = contexts.of("dashboard", "Dashboard");
        return Templates.dashboard(ctx, greeting(visits.seen(ctx.username()), away.state()));
    }

    /** What to greet with: an absence that ended after the previous visit, else that visit, else today. */
    static Greeting greeting(Optional<Long> previousVisit, AwayState state) {
        long now = System.currentTimeMillis();
        AwayState.Absence last = state.lastAbsence();
        if (!state.away()
                && last != null
                && last.toMs() > now - GREET_ABSENCE_MS
                && previousVisit.map(v -> last.toMs() > v).orElse(true)) {
            return new Greeting("absence", last.fromMs(), last.toMs());
        }
        return previousVisit.map(v -> new Greeting("visit", v, 0)).orElseGet(() -> new Greeting("today", 0, 0));
    }
}

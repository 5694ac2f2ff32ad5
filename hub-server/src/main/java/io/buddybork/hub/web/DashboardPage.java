package io.buddybork.hub.web;

import io.buddybork.hub.user.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The dashboard: devices with their state and capture switch, the live amplitude chart, user admin. */
@Path("/")
@RolesAllowed(Roles.VIEWER)
public class DashboardPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(PageContext ctx);
    }

    @Inject
    PageContexts contexts;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show() {
        return Templates.dashboard(contexts.of("dashboard", "Dashboard"));
    }
}

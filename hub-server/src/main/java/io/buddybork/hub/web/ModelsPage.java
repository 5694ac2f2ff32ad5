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

/** The model builder and library page (admins train and manage models, viewers look). */
@Path("/models")
@RolesAllowed(Roles.VIEWER)
public class ModelsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance models(PageContext ctx);
    }

    @Inject
    PageContexts contexts;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show() {
        return Templates.models(contexts.of("models", "Models"));
    }
}

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

/** Tag management: create, rename, merge, delete (admins change, viewers read). */
@Path("/tags")
@RolesAllowed(Roles.VIEWER)
public class TagsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tags(PageContext ctx);
    }

    @Inject
    PageContexts contexts;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show() {
        return Templates.tags(contexts.of("tags", "Tags"));
    }
}

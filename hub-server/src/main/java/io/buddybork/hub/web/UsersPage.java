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

/** User management for admins: add users, reset passwords, change roles, disable. */
@Path("/users")
@RolesAllowed(Roles.ADMIN)
public class UsersPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(PageContext ctx);
    }

    @Inject
    PageContexts contexts;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show() {
        return Templates.users(contexts.of("users", "Users"));
    }
}

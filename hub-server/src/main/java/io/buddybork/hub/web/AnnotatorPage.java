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

/** The annotator: day counts, annotation overview, day chart and the macro-segment editor. */
@Path("/annotator")
@RolesAllowed(Roles.VIEWER)
public class AnnotatorPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance annotator(PageContext ctx);
    }

    @Inject
    PageContexts contexts;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show() {
        return Templates.annotator(contexts.of("annotator", "Annotator"));
    }
}

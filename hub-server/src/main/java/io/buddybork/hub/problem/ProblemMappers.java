package io.buddybork.hub.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.buddybork.hub.api.ApiPaths;
import io.buddybork.model.wire.ApiProblem;
import io.quarkus.security.ForbiddenException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns refusals into {@code application/problem+json} for the JSON API ({@code /api/...}):
 * our own {@link ProblemException}s everywhere, and the 403/404/405/406/415 Quarkus raises
 * itself (401 is answered by {@code auth/AuthRefusals}). Outside {@code /api/} the framework's
 * usual response is kept, except that browsers get the styled 403 and 404 pages of {@link RefusalPages}.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    CurrentVertxRequest currentRequest;

    @Inject
    RefusalPages pages;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        if (e.problem().status() >= 500) {
            LOG.warnf(
                    "%s (%s)",
                    e.getMessage(),
                    e.getCause() == null ? "no cause" : e.getCause().toString());
        }
        return Problems.response(e.problem(), e.headers());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response original = e.getResponse();
        if (!isApiRequest() && original != null && original.getStatus() == 404) {
            Optional<Response> page = page(404);
            if (page.isPresent()) {
                return page.get();
            }
        }
        if (!isApiRequest() || original == null || original.getStatus() < 400) {
            return original;
        }
        int status = original.getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        ApiProblem problem = Problems.forStatus(status, detailFor(status, e));
        Response.ResponseBuilder builder =
                Response.status(status).type(Problems.MEDIA_TYPE).entity(problem);
        // keep protocol headers such as Allow (405) or Retry-After
        for (String header : new String[] {HttpHeaders.ALLOW, "Retry-After", HttpHeaders.WWW_AUTHENTICATE}) {
            Object value = original.getHeaders().getFirst(header);
            if (value != null) {
                builder.header(header, value);
            }
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        if (!isApiRequest()) {
            return page(403).orElseGet(() -> Response.status(403).build());
        }
        return Problems.response(
                ApiProblem.of(403, "forbidden", "Forbidden", "your account or device may not use this resource"));
    }

    /**
     * Anything else is a fault of the hub: logged with an id, answered 500 with that id and never
     * the exception's text (it may hold SQL, paths or values).
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (DatabaseFailures.isConnectionFailure(e)) {
            ApiProblem problem = ApiProblem.of(
                    503,
                    "database-unavailable",
                    "Service unavailable",
                    "the hub's database cannot be reached now; retry later");
            LOG.warnf("Database unavailable: %s", e.getMessage());
            return isApiRequest()
                    ? Problems.response(problem, Map.of("Retry-After", "10"))
                    : Response.status(503).header("Retry-After", "10").build();
        }
        ApiProblem problem = Problems.internalError("Unexpected error", e);
        return isApiRequest()
                ? Problems.response(problem)
                : Response.serverError().build();
    }

    /** The page for people that answers this request with {@code status}, if it asks for one. */
    private Optional<Response> page(int status) {
        RoutingContext rc = currentRequest.getCurrent();
        if (rc == null) {
            return Optional.empty();
        }
        return pages.page(status, rc.normalizedPath(), rc.request().getHeader(HttpHeaders.ACCEPT))
                .map(html -> Response.status(status)
                        .type("text/html;charset=UTF-8")
                        .entity(html)
                        .build());
    }

    private boolean isApiRequest() {
        RoutingContext rc = currentRequest.getCurrent();
        return rc != null && ApiPaths.isApiPath(rc.normalizedPath());
    }

    private static String detailFor(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this resource does not support that method";
            case 415 -> "unsupported Content-Type for this resource";
            case 406 -> "cannot produce a representation matching Accept";
            default -> e.getMessage() == null ? Problems.titleForStatus(status) : e.getMessage();
        };
    }

    /** A JSON body that does not parse or does not fit the expected record (in every launch mode). */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response badJson(JsonProcessingException e) {
        if (e instanceof InvalidCharacters.ControlInJson) {
            return Problems.response(InvalidCharacters.problem("a JSON string value"));
        }
        return Response.status(400)
                .type(Problems.MEDIA_TYPE)
                .entity(ApiProblem.of(400, "malformed-json", "Bad Request", bodyProblem(e)))
                .build();
    }

    /** What is wrong with a JSON body, for a person: the parser's words and place, without its internals. */
    private static String bodyProblem(JsonProcessingException json) {
        String what = json instanceof JsonParseException
                ? "the request body is not valid JSON"
                : "the request body does not have the expected fields and types";
        String why = json.getOriginalMessage() == null
                ? ""
                : json.getOriginalMessage().lines().findFirst().orElse("");
        JsonLocation at = json.getLocation();
        String where = at == null || at.getLineNr() < 0
                ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return what + ": " + why + where;
    }
}

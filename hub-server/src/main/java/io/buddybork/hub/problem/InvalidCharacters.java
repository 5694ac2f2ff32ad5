package io.buddybork.hub.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.buddybork.model.wire.ApiProblem;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;

/**
 * Refuses NUL characters ({@code \u0000}) in requests with 400 {@code invalid-characters}, before
 * they reach a handler: in the path or query (a route ahead of authentication) and in JSON string
 * values (the API's JSON reader). PostgreSQL cannot store NUL in text, so such a value used to end
 * as a database error: a 500, or a false 503 at login. Login form fields are checked by the
 * password identity provider (the form mechanism reads that body itself). Stateless, thread-safe.
 */
@ApplicationScoped
public class InvalidCharacters implements ObjectMapperCustomizer {
    /** The problem code. */
    public static final String CODE = "invalid-characters";

    /**
     * Route order: right after the security headers' route (which only registers a hook), ahead of
     * authentication and every route that answers.
     */
    private static final int BEFORE_AUTHENTICATION = Integer.MIN_VALUE + 11;

    /** Whether {@code value} holds a NUL character. */
    public static boolean hasNul(String value) {
        return value != null && value.indexOf('\0') >= 0;
    }

    /** The 400 problem for NUL in {@code where} (e.g. "the path"). */
    public static ApiProblem problem(String where) {
        return ApiProblem.of(
                400, CODE, "Bad Request", where + " contains a NUL character, which the hub does not accept");
    }

    void install(@Observes Router router) {
        router.route().order(BEFORE_AUTHENTICATION).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        String uri = rc.request().uri();
        // %00 is the only way a NUL reaches the request line (a raw one is refused by the HTTP codec)
        if (uri != null && (uri.contains("%00") || uri.indexOf('\0') >= 0)) {
            int query = uri.indexOf('?');
            String where = query >= 0 && uri.indexOf("%00", query) >= 0 ? "the query" : "the path";
            rc.response()
                    .setStatusCode(400)
                    .putHeader("Content-Type", Problems.MEDIA_TYPE)
                    .putHeader("Cache-Control", "no-store")
                    .end(Json.encode(problem(where)));
            return;
        }
        rc.next();
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("nul-refusing-strings").addDeserializer(String.class, new Strings()));
    }

    /** A JSON string value with a NUL character; answered as 400 {@code invalid-characters}. */
    public static final class NulInJson extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        NulInJson(JsonParser p) {
            super(p, "a JSON string value contains a NUL character");
        }
    }

    /** Jackson's string reader, refusing NUL. */
    private static final class Strings extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;

        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctxt);
            if (hasNul(s)) {
                throw new NulInJson(p);
            }
            return s;
        }
    }
}

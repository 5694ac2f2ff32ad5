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
 * Refuses control characters in requests with 400 {@code invalid-characters}, before they reach a
 * handler: any C0 control or DEL ({@code U+0000-U+001F}, {@code U+007F}) in the path or query (a
 * route ahead of authentication), and the same in JSON string values (the API's JSON reader) except
 * tab, line feed and carriage return, which free text may hold. PostgreSQL cannot store NUL in
 * text, so such a value used to end as a database error (a 500, or a false 503 at login); the other
 * controls have no business in names and would only confuse logs and pages. Login form fields are
 * checked for NUL by the password identity provider (the form mechanism reads that body itself; a
 * password may hold any other character). Stateless, thread-safe.
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

    /** Whether {@code value} holds a control character other than tab, line feed and carriage return. */
    public static boolean hasControl(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** The 400 problem for a control character in {@code where} (e.g. "the path"). */
    public static ApiProblem problem(String where) {
        return ApiProblem.of(
                400,
                CODE,
                "Bad Request",
                where + " contains a NUL or another control character, which the hub does not accept");
    }

    /** Whether a request URI holds a control character, raw or percent-encoded ({@code %00-%1F}, {@code %7F}). */
    static boolean uriHasControl(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
            if (c == '%' && i + 2 < uri.length()) {
                int hi = Character.digit(uri.charAt(i + 1), 16);
                int lo = Character.digit(uri.charAt(i + 2), 16);
                if (((hi == 0 || hi == 1) && lo >= 0) || (hi == 7 && lo == 15)) {
                    return true;
                }
            }
        }
        return false;
    }

    void install(@Observes Router router) {
        router.route().order(BEFORE_AUTHENTICATION).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        String uri = rc.request().uri();
        // percent-encoding is how a control character reaches the request line (the HTTP codec refuses raw ones)
        if (uri != null && uriHasControl(uri)) {
            int query = uri.indexOf('?');
            String where = query >= 0 && !uriHasControl(uri.substring(0, query)) ? "the query" : "the path";
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
        mapper.registerModule(
                new SimpleModule("control-refusing-strings").addDeserializer(String.class, new Strings()));
        // Jackson trims text before reading a boolean, so "\u0000" would become "" and then null:
        // a text that is not true or false is a malformed body, not an absent field
        mapper.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Boolean)
                .setCoercion(
                        com.fasterxml.jackson.databind.cfg.CoercionInputShape.EmptyString,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
    }

    /** A JSON string value with a control character; answered as 400 {@code invalid-characters}. */
    public static final class ControlInJson extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        ControlInJson(JsonParser p) {
            super(p, "a JSON string value contains a control character");
        }
    }

    /** Jackson's string reader, refusing control characters other than tab, line feed and carriage return. */
    private static final class Strings extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;

        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctxt);
            if (hasControl(s)) {
                throw new ControlInJson(p);
            }
            return s;
        }
    }
}

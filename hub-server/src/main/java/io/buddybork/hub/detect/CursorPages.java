package io.buddybork.hub.detect;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Answers of lists paged by a {@code <startMs>.<id>} cursor (detections, episodes): a full page
 * carries the next page's cursor as {@code Link: <...&param=cursor>; rel="next"} and in a header.
 * Stateless.
 */
public final class CursorPages {
    private CursorPages() {}

    /**
     * {@code page} as a 200; when it holds {@code size} rows, the cursor of its last row goes into
     * {@code param} of the request's URI ({@code Link}) and into {@code header}.
     */
    public static <T> Response of(
            List<T> page,
            int size,
            ToLongFunction<T> startMs,
            ToLongFunction<T> id,
            UriInfo uri,
            String param,
            String header) {
        Response.ResponseBuilder ok = Response.ok(page);
        if (page.size() == size) {
            T last = page.get(page.size() - 1);
            String cursor = startMs.applyAsLong(last) + "." + id.applyAsLong(last);
            ok.header(
                    "Link",
                    "<"
                            + uri.getRequestUriBuilder()
                                    .replaceQueryParam(param, cursor)
                                    .build() + ">; rel=\"next\"");
            ok.header(header, cursor);
        }
        return ok.build();
    }
}

package io.buddybork.edge.upload;

import com.fasterxml.jackson.jr.ob.JSON;
import io.buddybork.model.wire.CaptureState;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The agent's HTTP client for the hub's v1 device API: idempotent segment uploads
 * ({@code PUT /api/v1/segments/{startMs}}) and the capture-state long-poll, both with the device's
 * bearer token, over HTTPS with optional pinned trust. Thread-safe; one instance per agent.
 */
public final class HubClient {
    private static final MediaType WAV = MediaType.get("audio/wav");
    private static final int MAX_DETAIL_CHARS = 8_192;
    private static final String USER_AGENT = "buddybork-edge/"
            + (HubClient.class.getPackage().getImplementationVersion() == null
                    ? "dev"
                    : HubClient.class.getPackage().getImplementationVersion());

    private final HttpUrl base;
    private final String token;
    private final OkHttpClient uploads;
    private final OkHttpClient polls;

    HubClient(HttpUrl base, String token, OkHttpClient client) {
        this.base = base;
        this.token = token;
        this.uploads = client.newBuilder().callTimeout(Duration.ofSeconds(60)).build();
        this.polls = client.newBuilder()
                .readTimeout(Duration.ofSeconds(75))
                .callTimeout(Duration.ofSeconds(90))
                .build();
    }

    /**
     * A client for the hub at {@code hub} (http or https, any path prefix).
     *
     * @param trustCert PEM/DER file of the CA or self-signed certificate to trust instead of the
     *     system CAs, or null for the system CAs
     */
    public static HubClient create(URI hub, String token, Path trustCert) throws IOException {
        HttpUrl base = HttpUrl.parse(hub.toString());
        if (base == null) {
            throw new IllegalArgumentException("hub URL must be http:// or https://, got " + hub);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a device token is required (--token)");
        }
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .writeTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofSeconds(30))
                .retryOnConnectionFailure(true)
                // a redirect (nginx's http -> https) would be followed as a GET without the token and
                // every segment refused: report it instead, with the URL to configure
                .followRedirects(false)
                .followSslRedirects(false);
        if (trustCert != null) {
            TrustAnchors anchors = TrustAnchors.load(trustCert);
            OkHttpClient plain = builder.build();
            builder.sslSocketFactory(anchors.sslContext().getSocketFactory(), anchors.trustManager())
                    .hostnameVerifier(anchors.hostnameVerifier(plain.hostnameVerifier()));
        }
        return new HubClient(base, token.trim(), builder.build());
    }

    /** The hub's base URL. */
    public HttpUrl base() {
        return base;
    }

    /** Uploads one segment held in memory; never throws: every failure is an outcome. */
    public UploadOutcome upload(long startMs, byte[] wav) {
        return upload(startMs, RequestBody.create(wav, WAV));
    }

    /** Uploads one segment streamed from {@code wavFile} (no copy in memory); never throws. */
    public UploadOutcome upload(long startMs, Path wavFile) {
        return upload(startMs, RequestBody.create(wavFile.toFile(), WAV));
    }

    private UploadOutcome upload(long startMs, RequestBody payload) {
        HttpUrl url = base.newBuilder()
                .addPathSegments("api/v1/segments")
                .addPathSegment(Long.toString(startMs))
                .build();
        Request request = authorized(url).put(payload).build();
        try (Response response = uploads.newCall(request).execute()) {
            int status = response.code();
            String body = bodyText(response);
            if (status == 200 || status == 201) {
                return new UploadOutcome(UploadOutcome.Kind.STORED, status, body, -1);
            }
            long retryAfter = retryAfterMillis(response.header("Retry-After"), System.currentTimeMillis());
            if (status == 408
                    || status == 429
                    || status >= 500
                    || status == 401
                    || status == 403
                    || status == 404
                    || status < 400) {
                return new UploadOutcome(
                        UploadOutcome.Kind.RETRY,
                        status,
                        describe(status, response.header("Location"), body),
                        retryAfter);
            }
            return new UploadOutcome(UploadOutcome.Kind.REJECTED, status, body, retryAfter);
        } catch (IOException e) {
            return new UploadOutcome(UploadOutcome.Kind.RETRY, 0, networkError(e), -1);
        }
    }

    /**
     * Long-polls the capture state: answers as soon as the hub's version differs from
     * {@code knownVersion} (negative: none known yet, answered at once), or after about
     * {@code waitSeconds}.
     *
     * @throws HubException when the hub answers with an error status
     * @throws IOException on network errors or an unreadable answer
     */
    public CaptureState pollCaptureState(long knownVersion, int waitSeconds) throws IOException {
        HttpUrl.Builder builder = base.newBuilder()
                .addPathSegments("api/v1/capture-state")
                .addQueryParameter("wait", Integer.toString(waitSeconds));
        if (knownVersion >= 0) {
            builder.addQueryParameter("version", Long.toString(knownVersion));
        }
        HttpUrl url = builder.build();
        try (Response response = polls.newCall(authorized(url).get().build()).execute()) {
            String body = bodyText(response);
            if (response.code() != 200) {
                throw new HubException(response.code(), describe(response.code(), response.header("Location"), body));
            }
            Map<String, Object> json = JSON.std.mapFrom(body);
            Object enabled = json.get("enabled");
            Object version = json.get("version");
            if (!(enabled instanceof Boolean) || !(version instanceof Number)) {
                throw new IOException("capture-state answer lacks boolean 'enabled' and numeric 'version': " + body);
            }
            return new CaptureState((Boolean) enabled, ((Number) version).longValue());
        }
    }

    private Request.Builder authorized(HttpUrl url) {
        return new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", USER_AGENT);
    }

    private static String bodyText(Response response) throws IOException {
        ResponseBody body = response.body();
        String text = body.string();
        return text.length() > MAX_DETAIL_CHARS ? text.substring(0, MAX_DETAIL_CHARS) : text;
    }

    private static String describe(int status, String location, String body) {
        String hint = switch (status) {
            case 401 -> "the hub refused the device token (check --token)";
            case 403 -> "the hub forbids this device (disabled or deleted?)";
            case 404 -> "no such endpoint on the hub (check --hub, it should be the hub's base URL)";
            default ->
                status >= 300 && status < 400
                        ? "the hub URL redirects (" + status + ") to " + location
                                + ", which is not followed: set --hub (hub.url) to the hub's https base URL"
                        : "hub answered " + status;
        };
        String trimmed = body == null ? "" : body.strip();
        return hint
                + (trimmed.isEmpty()
                        ? ""
                        : ": " + (trimmed.length() > 300 ? trimmed.substring(0, 300) + "..." : trimmed));
    }

    private static String networkError(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Retry-After as delay-seconds or HTTP-date, in ms from {@code nowMs}; -1 when absent or unreadable. */
    static long retryAfterMillis(String header, long nowMs) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? -1 : Math.min(seconds, Long.MAX_VALUE / 1000) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant()
                        .toEpochMilli();
                return Math.max(0, at - nowMs);
            } catch (DateTimeParseException notDate) {
                return -1;
            }
        }
    }
}

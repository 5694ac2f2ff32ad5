package io.buddybork.hub.it;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HTTP client integration tests talk to hubs and agents with. It speaks HTTP/1.1, as the
 * product's own clients do on a cleartext port (browsers reach the hub through nginx, which speaks
 * HTTP/1.1 upstream; the edge agent's OkHttp never upgrades cleartext connections). The JDK
 * client's default is an h2c upgrade on every new connection, a path none of our clients take, and
 * under CI load it once read a stored segment's audio bytes as an HTTP/2 frame header ("Frame
 * type(255) length(14352347) exceeds MAX_FRAME_SIZE"), failing a test about the bytes stored.
 */
public final class ItHttp {
    private ItHttp() {}

    /** A client that connects within {@code connectTimeout} and speaks HTTP/1.1. */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    /** A client that speaks HTTP/1.1 and connects within 5 s. */
    public static HttpClient client() {
        return client(Duration.ofSeconds(5));
    }
}

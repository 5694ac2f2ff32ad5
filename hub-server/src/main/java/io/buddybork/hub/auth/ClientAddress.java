package io.buddybork.hub.auth;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The client's IP address as the hub sees it. Behind the nginx proxy this is the forwarded
 * address, because {@code quarkus.http.proxy.*} trusts X-Forwarded-For from loopback only.
 */
final class ClientAddress {

    private ClientAddress() {}

    static String of(RoutingContext rc) {
        SocketAddress remote = rc.request().remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }
}

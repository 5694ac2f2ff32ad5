package io.buddybork.hub.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A device bearer token presented on a device path, to be checked by {@link DeviceIdentityProvider}. */
public final class DeviceTokenRequest extends BaseAuthenticationRequest {
    private final String token;

    public DeviceTokenRequest(String token) {
        this.token = token;
    }

    /** The token as sent. */
    public String token() {
        return token;
    }
}

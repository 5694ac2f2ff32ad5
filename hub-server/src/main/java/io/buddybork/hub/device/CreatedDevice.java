package io.buddybork.hub.device;

/** Answer to device creation: the only time the bearer token is ever shown. */
public record CreatedDevice(long id, String name, String token) {}

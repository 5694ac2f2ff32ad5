package io.buddybork.hub.admission;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Typed configuration of request-body admission under {@code buddybork.body.}: how long a body
 * may take to arrive and how many unfinished bodies (and bytes) the hub holds at once.
 */
@ConfigMapping(prefix = "buddybork.body")
public interface AdmissionConfig {

    /** Time every body gets regardless of its size (network latency, TLS, a slow start). */
    @WithDefault("6S")
    Duration baseTimeout();

    /**
     * Slowest average rate a body may arrive at, in bytes per second; with {@link #baseTimeout()}
     * it sets the deadline {@code base + length / rate} (10 s for a 265 kB segment by default).
     */
    @WithDefault("65536")
    long minBytesPerSecond();

    /**
     * Bytes (by declared Content-Length) of all unfinished request bodies together; a request
     * that would exceed it gets 503 + Retry-After before a byte of its body is read. This bounds
     * the heap spent on bodies.
     */
    @WithDefault("100663296")
    long maxPendingBytes();

    /** Unfinished bodies one client (device token, basic credentials, else address) may have at once. */
    @WithDefault("8")
    int maxPendingPerClient();

    /**
     * Declared bytes of unfinished bodies one client may hold at once (its first body is admitted
     * whatever its size, within {@link #maxPendingBytes()}). 2.5 MiB holds eight real segments
     * (~265 kB each) or one largest upload (2 MiB), so 48 clients stalling 2 MiB bodies are needed
     * to use up the 96 MiB budget, instead of 6 with the count share alone. 0: no byte share.
     */
    @WithDefault("2621440")
    long maxPendingBytesPerClient();

    /**
     * Unfinished bodies one client address may have at once, whatever credentials they carry
     * (several devices behind one router share it; strangers cannot multiply their share by
     * inventing tokens).
     */
    @WithDefault("256")
    int maxPendingPerAddress();

    /**
     * Declared bytes of unfinished bodies one client address may hold at once, whatever credentials
     * they carry (credentials are not checked before a body is admitted, so invented tokens from
     * one address share this); loopback (the reverse proxy without forwarded headers) is exempt.
     * 0: no byte share.
     */
    @WithDefault("33554432")
    long maxPendingBytesPerAddress();

    /**
     * Largest request body of any route without a limit of its own (segment uploads have 2 MiB,
     * the recording import {@code buddybork.recordings.max-bytes}): a larger Content-Length gets
     * 413 before a byte is read. Quarkus' own limit ({@code quarkus.http.limits.max-body-size}) is
     * raised to the recording import's, so this keeps every other route where Quarkus kept it.
     */
    @WithDefault("10485760")
    long maxBodyBytes();

    /** Seconds a refused client is told to wait (Retry-After). */
    @WithDefault("5")
    int retryAfterSeconds();
}

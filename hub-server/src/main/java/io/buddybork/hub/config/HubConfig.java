package io.buddybork.hub.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Typed configuration of the hub under the {@code buddybork.} prefix. Every value has a default
 * that works on a fresh machine; each can be overridden by the usual Quarkus means, e.g.
 * {@code BUDDYBORK_DATA_DIR=/srv/buddybork} or {@code -Dbuddybork.data-dir=...}.
 */
@ConfigMapping(prefix = "buddybork")
public interface HubConfig {

    /** Root of all stored files; segments live under {@code <data-dir>/raw/}. */
    @WithDefault("./data")
    Path dataDir();

    /**
     * Password for the user {@code admin}, created only when no user exists yet. Read from the
     * environment ({@code BUDDYBORK_ADMIN_PASSWORD}); there is no default password.
     */
    Optional<String> adminPassword();

    /** Ingest limits and behaviour. */
    Ingest ingest();

    /** Database bootstrap. */
    Database database();

    /** Capture-state long-poll. */
    Capture capture();

    /** Ingest limits and behaviour. */
    interface Ingest {
        /** How far in the future a segment may start (device clocks drift). */
        @WithDefault("5M")
        Duration maxFutureSkew();

        /** Below this much free space on the data disk, uploads get 503 instead of filling it. */
        @WithDefault("268435456")
        long minFreeBytes();

        /** Seconds a device is told to wait (Retry-After) when the hub cannot store. */
        @WithDefault("10")
        int retryAfterSeconds();

        /** How often in-memory device last-seen times are written to the database. */
        @WithDefault("15S")
        Duration lastSeenFlushInterval();

        /** Whether files without a row are indexed (and stale temp files removed) at startup. */
        @WithDefault("true")
        boolean reconcileAtStartup();

        /**
         * Segment uploads whose body has arrived and that are not answered yet (waiting for or
         * being stored); one more gets 503 {@code ingest-busy} with Retry-After instead of
         * queueing, and while this many are held, new uploads are refused before their body is
         * read. Each holds its body several times over (about 1 MB for a 265 kB segment), so this
         * bounds the heap a stall can fill: without it, hundreds of devices whose uploads queued
         * during a pause kept G1 collecting and the hub answering in seconds.
         */
        @WithDefault("64")
        int maxInFlight();

        /**
         * Bytes of the bodies of those uploads together (the first is always admitted); the count
         * bounds real segments (64 x 265 kB = 17 MB), this the 2 MiB bodies a device may send.
         */
        @WithDefault("33554432")
        long maxInFlightBytes();

        /**
         * Seconds a device refused with {@code ingest-busy} is told to wait (Retry-After): short,
         * the hub is only behind, but long enough to spread a fleet's retries.
         */
        @WithDefault("2")
        int busyRetryAfterSeconds();
    }

    /** Database bootstrap. */
    interface Database {
        /** Create the configured database at startup when it does not exist yet. */
        @WithDefault("true")
        boolean createIfMissing();

        /** Name of the maintenance database used to create the configured one. */
        @WithDefault("postgres")
        String maintenanceDatabase();

        /**
         * Wipe and re-create the schema when its migration history does not match this build (a
         * migration applied by another branch, or an edited one). Only for disposable test
         * databases: it deletes every row. Off by default; the test profile turns it on.
         */
        @WithDefault("false")
        boolean resetOnSchemaMismatch();
    }

    /** Capture-state long-poll. */
    interface Capture {
        /** Wait used when a device does not say how long it will wait. */
        @WithDefault("30")
        int defaultWaitSeconds();

        /** Longest wait a device may ask for (keep below proxy read timeouts). */
        @WithDefault("60")
        int maxWaitSeconds();
    }
}

package io.buddybork.hub.recording;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed configuration of recording imports under {@code buddybork.recordings.}. */
@ConfigMapping(prefix = "buddybork.recordings")
public interface RecordingConfig {

    /**
     * Largest file an import accepts (512 MiB: about 50 min of stereo or 100 min of mono WAV, about
     * twice that as FLAC). The body is streamed to disk, never held in memory; a larger
     * Content-Length is refused with 413 before a byte is read. {@code quarkus.http.limits.max-body-size}
     * follows this value (application.properties).
     */
    @WithDefault("512M")
    MemorySize maxBytes();

    /**
     * Recordings up to this long are cut and stored while the request waits (201); longer ones
     * become a job the client polls (202).
     */
    @WithDefault("5M")
    Duration syncMaxDuration();

    /**
     * Silence gate of imports, in dBFS: a segment whose largest absolute sample is below it is
     * not stored (counted as silent). The edge agent's default ({@code gate.dbfs}) is the same.
     */
    @WithDefault("-40")
    double silenceDbfs();
}

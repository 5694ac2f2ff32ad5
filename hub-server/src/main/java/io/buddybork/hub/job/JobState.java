package io.buddybork.hub.job;

import java.util.Locale;

/** Where a job is in its life; the lower-case name is what job tables and the API store. */
public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** Whether the job may still run (queued or running). */
    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }

    /** The stored name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state stored as {@code label}. */
    public static JobState of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}

package io.buddybork.hub.work;

import java.util.Locale;

/** One thing a hub node may do; {@code BUDDYBORK_ROLES} lists the roles of a node. */
public enum NodeRole {
    /** Pages and the JSON API of users (dashboard, annotator, models, jobs, settings). */
    WEB,
    /** Device uploads of segments and the capture-state long-poll of agents. */
    INGEST,
    /** Scoring of segments (live and catch-up) and re-detect jobs. */
    DETECT,
    /** Model training jobs. */
    TRAIN;

    /** The role's name in {@code BUDDYBORK_ROLES}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

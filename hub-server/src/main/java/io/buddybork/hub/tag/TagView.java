package io.buddybork.hub.tag;

/** A tag as the API shows it, with how many annotations use it. */
public record TagView(long id, String name, long annotations) {}

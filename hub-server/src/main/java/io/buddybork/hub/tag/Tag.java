package io.buddybork.hub.tag;

/** A name for a kind of sound (a row of table {@code tag}); changed only through {@link TagService}. */
public record Tag(long id, String name) {}

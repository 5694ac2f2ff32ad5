package io.buddybork.hub.dashboard;

import java.util.Optional;

/**
 * A feature whose live messages other hubs load from the database by id instead of receiving
 * them whole (a message may be longer than a PostgreSQL {@code NOTIFY} can carry, e.g. a
 * detection with every tag's score). One bean per message {@link #type()}. Implementations are
 * thread-safe.
 */
public interface LiveMessageSource {

    /** The {@link LiveMessage#type()} this source loads. */
    String type();

    /** The id of {@code message}, one of this source's type. */
    long idOf(LiveMessage message);

    /** The message with {@code id} as it is stored now, or empty when it is gone or cannot be read. */
    Optional<LiveMessage> load(long id);
}

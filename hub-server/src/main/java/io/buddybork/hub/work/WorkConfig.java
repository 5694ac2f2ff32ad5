package io.buddybork.hub.work;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Typed configuration of scaling out: {@code buddybork.roles} ({@code BUDDYBORK_ROLES}) and
 * {@code buddybork.broker.*} ({@code BUDDYBORK_BROKER_URL} and friends).
 */
@ConfigMapping(prefix = "buddybork")
public interface WorkConfig {

    /** What this node does: a comma list of {@code web}, {@code ingest}, {@code detect}, {@code train}. */
    @WithDefault("web,ingest,detect,train")
    String roles();

    /** The message broker; without {@code url} every queue is in process. */
    Broker broker();

    /** The message broker. */
    interface Broker {
        /** {@code amqp://USER:PASS@HOST:5672[/vhost]}; unset (the default): work stays in this process. */
        Optional<String> url();

        /**
         * Start of the exchange and queue names ({@code <prefix>.work}, {@code <prefix>.segments},
         * ...): hubs that share a broker but not a database need different prefixes.
         */
        @WithDefault("buddybork")
        String prefix();

        /** Unacknowledged segments one detection node holds at most (AMQP prefetch). */
        @WithDefault("32")
        int prefetch();

        /**
         * How often an ingest node checks whether the broker missed segments (it was away), to
         * publish them again from the index once it is back.
         */
        @WithDefault("5S")
        Duration republishCheckInterval();

        /** Pause between attempts to reach the broker when it is away. */
        @WithDefault("2S")
        Duration reconnectInterval();
    }
}

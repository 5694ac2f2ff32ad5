package io.buddybork.hub.work;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Locale;

/**
 * Chooses the work queue: over RabbitMQ when {@code BUDDYBORK_BROKER_URL} is set, in process
 * otherwise. A URL that is not {@code amqp://} or {@code amqps://} stops the start.
 */
@ApplicationScoped
public class WorkQueues {

    @Inject
    WorkConfig config;

    private volatile RabbitWorkQueue rabbit;

    @Produces
    @ApplicationScoped
    WorkQueue workQueue() {
        if (config.broker().url().isEmpty()) {
            return new InProcessWorkQueue();
        }
        String url = config.broker().url().get().strip();
        String scheme = URI.create(url).getScheme();
        if (scheme == null || !scheme.toLowerCase(Locale.ROOT).matches("amqps?")) {
            throw new IllegalArgumentException(
                    "BUDDYBORK_BROKER_URL must look like amqp://USER:PASS@HOST:5672, got scheme " + scheme);
        }
        RabbitWorkQueue queue = new RabbitWorkQueue(url, config.broker());
        queue.start();
        rabbit = queue;
        return queue;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        RabbitWorkQueue queue = rabbit;
        if (queue != null) {
            queue.close();
        }
    }
}

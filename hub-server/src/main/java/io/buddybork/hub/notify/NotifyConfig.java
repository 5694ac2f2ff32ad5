package io.buddybork.hub.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed configuration of webhook / push deliveries under {@code buddybork.notify.}. */
@ConfigMapping(prefix = "buddybork.notify")
public interface NotifyConfig {

    /** Attempts per delivery before it is marked failed. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait before the first retry; doubles with every further attempt up to {@link #maxBackoff()}. */
    @WithDefault("10S")
    Duration retryBackoff();

    /** Longest wait between two attempts of a delivery. */
    @WithDefault("10M")
    Duration maxBackoff();

    /** Connect and response timeout of one webhook call. */
    @WithDefault("10S")
    Duration requestTimeout();

    /** Episode events waiting to be handled beyond this are dropped (and counted), never blocking detection. */
    @WithDefault("10000")
    int queueCapacity();

    /** Health reports notifications degraded while a delivery failed within this window. */
    @WithDefault("1H")
    Duration failureWindow();

    /**
     * Finished deliveries (sent or failed) older than this leave the delivery log; deliveries still
     * waiting or retrying stay whatever their age. {@code 0S} keeps every delivery.
     */
    @WithDefault("90D")
    Duration deliveryRetention();
}

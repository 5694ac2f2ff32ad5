package io.buddybork.hub.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed configuration of what hubs share at run time, under {@code buddybork.cluster.}. */
@ConfigMapping(prefix = "buddybork.cluster")
public interface ClusterConfig {

    /**
     * The PostgreSQL {@code NOTIFY} channel of the hubs. Hubs on one database must use the same
     * channel; channels are per database, so hubs on different databases never hear each other.
     */
    @WithDefault("buddybork")
    String channel();

    /**
     * This hub's name among the hubs ({@code BUDDYBORK_CLUSTER_INSTANCE_ID}); unset:
     * {@code <short host name>-<HTTP port>}. See {@link HubInstance}.
     */
    java.util.Optional<String> instanceId();

    /** Messages waiting to be sent before further ones are dropped (and counted). */
    @WithDefault("10000")
    int sendQueue();

    /** Wait before the listening connection is opened again after it failed. */
    @WithDefault("2S")
    Duration reconnectDelay();
}

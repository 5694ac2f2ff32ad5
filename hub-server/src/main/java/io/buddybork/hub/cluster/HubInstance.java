package io.buddybork.hub.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The name of this hub process among the hubs of one installation: {@code buddybork.cluster.instance-id}
 * ({@code BUDDYBORK_CLUSTER_INSTANCE_ID}) when set, else {@code <short host name>-<HTTP port>}
 * (with a random port, 0: {@code <host>-p<process id>}), which differs between hubs on different
 * machines and between hubs sharing one. Used where an outside
 * system needs a name per hub (the MQTT client id). Stable across restarts; thread-safe (immutable).
 */
@ApplicationScoped
public class HubInstance {
    private final String id;

    HubInstance(ClusterConfig config, @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        this.id = config.instanceId()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .orElseGet(() -> derived(hostName(), port));
    }

    /** This hub's id: letters, digits, {@code -} and {@code _} only. */
    public String id() {
        return id;
    }

    /** The id a hub on {@code host} listening on {@code port} takes by default. */
    static String derived(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        int dot = h.indexOf('.');
        if (dot > 0) {
            h = h.substring(0, dot); // the short name: domains only lengthen the id
        }
        // port 0 (a random port, as worker processes use): the process id tells processes apart
        return sanitised(h) + "-"
                + (port > 0
                        ? Integer.toString(port)
                        : "p" + ProcessHandle.current().pid());
    }

    /** {@code s} with every character but letters, digits, {@code -} and {@code _} replaced by {@code _}. */
    public static String sanitised(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "hub";
        }
    }
}

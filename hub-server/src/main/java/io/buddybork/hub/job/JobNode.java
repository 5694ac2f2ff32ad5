package io.buddybork.hub.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This process' name as a job owner: host, process id and a random part, so that a restarted
 * process never mistakes its predecessor's jobs for its own. Immutable.
 */
@ApplicationScoped
public class JobNode {
    private final String id;

    JobNode() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        id = host + "/" + ProcessHandle.current().pid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The owner id. */
    public String id() {
        return id;
    }
}

package io.buddybork.hub.work;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The roles of this node, read from {@code BUDDYBORK_ROLES} once at startup: an unknown or empty
 * value stops the start with an error naming it. Immutable, thread-safe.
 */
@Startup
@ApplicationScoped
public class NodeRoles {
    private static final Logger LOG = Logger.getLogger(NodeRoles.class);

    private final Set<NodeRole> roles;

    @Inject
    NodeRoles(WorkConfig config) {
        this.roles = parse(config.roles());
        LOG.infof(
                "Node roles: %s%s",
                describe(roles), config.broker().url().isPresent() ? " (work over the broker)" : "");
    }

    /**
     * The roles of a comma list such as {@code web,ingest}; case and blanks around names do not matter.
     *
     * @throws IllegalArgumentException naming the first unknown role, or when the list is empty
     */
    public static Set<NodeRole> parse(String value) {
        EnumSet<NodeRole> parsed = EnumSet.noneOf(NodeRole.class);
        for (String part : (value == null ? "" : value).split(",", -1)) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            NodeRole role = Arrays.stream(NodeRole.values())
                    .filter(r -> r.label().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("BUDDYBORK_ROLES: unknown role '" + part.strip()
                            + "'; use a comma list of " + describe(EnumSet.allOf(NodeRole.class))));
            parsed.add(role);
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("BUDDYBORK_ROLES is empty; use a comma list of "
                    + describe(EnumSet.allOf(NodeRole.class)) + " (unset: all four)");
        }
        return Set.copyOf(parsed);
    }

    /** Whether this node has {@code role}. */
    public boolean has(NodeRole role) {
        return roles.contains(role);
    }

    /** This node's roles as {@code BUDDYBORK_ROLES} would list them. */
    public String describe() {
        return describe(roles);
    }

    private static String describe(Set<NodeRole> roles) {
        return EnumSet.copyOf(roles).stream().map(NodeRole::label).collect(Collectors.joining(","));
    }
}

package io.buddybork.hub.user;

import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Creates the first administrator on a fresh hub: user {@code admin} with the password from
 * {@code BUDDYBORK_ADMIN_PASSWORD}, only while no user exists. Without the variable it logs how
 * to create one. There is no default password. Hubs starting together on a fresh database may
 * both try; the one that loses finds the admin made and goes on.
 */
@ApplicationScoped
public class FirstAdminBootstrap {
    private static final Logger LOG = Logger.getLogger(FirstAdminBootstrap.class);
    /** Name of the first administrator. */
    public static final String FIRST_ADMIN = "admin";

    @Inject
    HubConfig config;

    @Inject
    UserService users;

    void onSchemaReady(@Observes SchemaReady ready) {
        if (users.count() > 0) {
            if (config.adminPassword().isPresent()) {
                LOG.info("BUDDYBORK_ADMIN_PASSWORD is ignored: users exist already (change passwords in the web app)");
            }
            return;
        }
        if (config.adminPassword().isEmpty() || config.adminPassword().get().isBlank()) {
            LOG.warn("No users yet. To create the first admin, restart the hub once with the environment variable"
                    + " BUDDYBORK_ADMIN_PASSWORD=<a password of 10+ characters>; it creates user 'admin' and is"
                    + " ignored once any user exists.");
            return;
        }
        try {
            users.createUser(FIRST_ADMIN, config.adminPassword().get(), Roles.ADMIN);
            LOG.infof("Created the first admin user '%s' from BUDDYBORK_ADMIN_PASSWORD", FIRST_ADMIN);
        } catch (ProblemException e) {
            if (users.count() > 0) {
                // hubs starting together on a fresh database: another one created the admin first
                LOG.info("The first admin was created by another hub starting at the same time");
                return;
            }
            throw new IllegalStateException(
                    "BUDDYBORK_ADMIN_PASSWORD cannot be used: " + e.problem().detail(), e);
        }
    }
}

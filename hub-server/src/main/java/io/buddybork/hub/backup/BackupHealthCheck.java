package io.buddybork.hub.backup;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The hub is degraded when its scheduled backup last failed or is older than
 * {@code buddybork.backup.max-age}: DOWN in {@code /q/health} (a wellness check), while readiness
 * stays UP so devices keep uploading. UP with {@code scheduled=false} when no schedule is set.
 */
@Wellness
@ApplicationScoped
public class BackupHealthCheck implements HealthCheck {

    @Inject
    ScheduledBackup backup;

    @Override
    public HealthCheckResponse call() {
        return at(Instant.now());
    }

    /** The check as it stands at {@code now} (the age of the last backup is measured to it). */
    HealthCheckResponse at(Instant now) {
        var b = HealthCheckResponse.named("backup").withData("scheduled", backup.enabled());
        if (!backup.enabled()) {
            return b.up().build();
        }
        BackupStatus s = backup.status();
        b.withData("state", s.state());
        if (s.lastSuccess() != null) {
            b.withData("lastSuccess", s.lastSuccess().toString());
        }
        if (s.message() != null) {
            b.withData("message", s.message());
        }
        if ("failed".equals(s.state())) {
            return b.down().build();
        }
        if (s.lastSuccess() == null) {
            // never ran yet: degraded only once a whole period has passed since startup without one
            boolean overdue = Duration.between(backup.bootedAt(), now).compareTo(backup.maxAge()) > 0;
            return overdue
                    ? b.withData("error", "no backup since the hub started")
                            .down()
                            .build()
                    : b.withData("note", "no backup yet").up().build();
        }
        Duration age = Duration.between(s.lastSuccess(), now);
        b.withData("ageSeconds", age.toSeconds());
        return age.compareTo(backup.maxAge()) > 0
                ? b.withData("error", "the last backup is older than " + backup.maxAge())
                        .down()
                        .build()
                : b.up().build();
    }
}

package io.buddybork.hub.backup;

import io.buddybork.hub.cluster.ExclusiveAcrossHubs;
import io.buddybork.hub.config.HubConfig;
import io.buddybork.hub.storage.ObjectStore;
import io.buddybork.hub.time.HubZone;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The hub's own backup on a schedule ({@code buddybork.backup.cron}, off by default) into
 * {@code buddybork.backup.to}, with the same writer as the {@code backup} command. Keeps the last
 * result for the dashboard and health, and meters {@code buddybork_backup_runs_total{outcome}},
 * {@code buddybork_backup_last_success_timestamp_seconds} and {@code buddybork_backup_copied_bytes_total}.
 * Runs never overlap (skipped while one runs); thread-safe.
 */
@ApplicationScoped
@Startup
public class ScheduledBackup {
    private static final Logger LOG = Logger.getLogger(ScheduledBackup.class);

    @Inject
    BackupConfig config;

    @Inject
    HubConfig hub;

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private final Clock clock = Clock.systemUTC();

    private final Instant bootedAt = Instant.now();
    private volatile BackupStatus status = new BackupStatus("never", null, null, null, null, 0, 0);
    private Counter copiedBytes;

    @PostConstruct
    void init() {
        if (enabled() && config.to().isPresent()) {
            try {
                BackupManifest.read(config.to().get().toAbsolutePath())
                        .ifPresent(m -> status = new BackupStatus(
                                "ok",
                                null,
                                Instant.parse(m.created()),
                                Instant.parse(m.created()),
                                "last backup found in the backup directory",
                                m.files(),
                                0));
            } catch (Exception e) {
                LOG.warnf("Cannot read the last backup in %s: %s", config.to().get(), e.getMessage());
            }
        }
        for (String outcome : new String[] {"ok", "warnings", "failed"}) {
            Counter.builder("buddybork.backup.runs")
                    .tag("outcome", outcome)
                    .description("Scheduled backup runs")
                    .register(registry);
        }
        copiedBytes = Counter.builder("buddybork.backup.copied")
                .baseUnit("bytes")
                .description("Bytes copied by scheduled backups")
                .register(registry);
        Gauge.builder(
                        "buddybork.backup.last.success.timestamp",
                        this,
                        b -> b.status.lastSuccess() == null
                                ? 0
                                : b.status.lastSuccess().getEpochSecond())
                .baseUnit("seconds")
                .description("When the last scheduled backup succeeded (0: never)")
                .register(registry);
    }

    /** Whether a schedule is configured. */
    public boolean enabled() {
        return !config.cron().isBlank()
                && !config.cron().equalsIgnoreCase("off")
                && !config.cron().equalsIgnoreCase("disabled");
    }

    /** The last result. */
    public BackupStatus status() {
        return status;
    }

    /** When this hub started (a schedule that never succeeded since is judged from here). */
    public Instant bootedAt() {
        return bootedAt;
    }

    /** The maximum age of the last success before health reports degraded. */
    public java.time.Duration maxAge() {
        return config.maxAge();
    }

    @Scheduled(
            cron = "{buddybork.backup.cron}",
            timeZone = HubZone.SCHEDULER_ZONE,
            identity = "buddybork-backup",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @ExclusiveAcrossHubs("backup")
    void scheduled() {
        runNow();
    }

    /** Runs one backup now, as the schedule does, and returns how it went. */
    public BackupStatus runNow() {
        Instant started = clock.instant();
        BackupStatus before = status;
        if (config.to().isEmpty()) {
            status = new BackupStatus(
                    "failed", started, started, before.lastSuccess(), "buddybork.backup.to is not set", 0, 0);
            registry.counter("buddybork.backup.runs", "outcome", "failed").increment();
            LOG.error("Scheduled backup failed: buddybork.backup.to is not set");
            return status;
        }
        status = new BackupStatus("running", started, null, before.lastSuccess(), null, 0, 0);
        OpsSettings settings = new OpsSettings(
                hub.dataDir().toAbsolutePath().normalize(),
                jdbcUrl,
                username,
                password,
                hub.database().maintenanceDatabase());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            BackupWriter.Result r = new BackupWriter(
                            settings, store, new PrintStream(log, true, StandardCharsets.UTF_8))
                    .run(config.to().get().toAbsolutePath());
            Instant finished = clock.instant();
            String outcome = r.warnings().isEmpty() ? "ok" : "warnings";
            status = new BackupStatus(
                    outcome,
                    started,
                    finished,
                    finished,
                    r.warnings().isEmpty() ? null : String.join("; ", r.warnings()),
                    r.files(),
                    r.copiedBytes());
            copiedBytes.increment(r.copiedBytes());
            registry.counter("buddybork.backup.runs", "outcome", outcome).increment();
            LOG.infof(
                    "Scheduled backup to %s complete: %d files, %d copied now (%d bytes), %d rows%s",
                    config.to().get(),
                    r.files(),
                    r.copiedFiles(),
                    r.copiedBytes(),
                    r.rows(),
                    r.warnings().isEmpty() ? "" : "; warnings: " + r.warnings());
        } catch (Exception e) {
            status = new BackupStatus("failed", started, clock.instant(), before.lastSuccess(), e.toString(), 0, 0);
            registry.counter("buddybork.backup.runs", "outcome", "failed").increment();
            LOG.errorf(
                    e,
                    "Scheduled backup to %s failed; the previous backup there is still whole",
                    config.to().get());
        }
        return status;
    }
}

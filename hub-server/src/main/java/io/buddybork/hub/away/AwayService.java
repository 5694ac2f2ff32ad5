package io.buddybork.hub.away;

import io.buddybork.hub.cluster.ExclusiveAcrossHubs;
import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.problem.DatabaseFailures;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.time.HubZone;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Owns away mode: the state in the {@code away_state} row, switched by the button (the API), the
 * weekly schedule (a check every 30 s that acts when a window starts or ends; leaving a window
 * brings the owner back only when the schedule sent them away) and presence reports
 * ({@link PresenceReported}, fired by notifications from an MQTT topic). Every change is committed
 * first and then announced as {@link AwayChanged} (async); at start the current state is announced
 * once with source {@code start}. Setting the state it already has changes and announces nothing.
 * Changes are serialised by one lock. Thread-safe.
 */
@ApplicationScoped
public class AwayService {
    private static final Logger LOG = Logger.getLogger(AwayService.class);

    private final ReentrantLock lock = new ReentrantLock();
    /** The delivery of the last event fired; guarded by {@code this}. */
    private java.util.concurrent.CompletionStage<Object> delivered =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    private final ExecutorService presenceThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "away-presence");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean ready;

    @Inject
    AwayRepository repository;

    @Inject
    HubZone zone;

    @Inject
    AwayClock clock;

    @Inject
    Event<AwayChanged> changes;

    void onSchemaReady(@Observes SchemaReady schema) {
        ready = true;
        AwayState now = state();
        announce(new AwayChanged(now.away(), now.sinceMs(), "start"));
    }

    @PreDestroy
    void stop() {
        presenceThread.shutdownNow();
    }

    /** A presence report fired asynchronously. */
    void onPresenceAsync(@ObservesAsync PresenceReported report) {
        presence(report);
    }

    /** A presence report fired synchronously: handled on a thread of its own, never the sender's (MQTT, event loop). */
    void onPresence(@Observes PresenceReported report) {
        presenceThread.execute(() -> presence(report));
    }

    private void presence(PresenceReported report) {
        try {
            set(report.away(), "presence");
        } catch (RuntimeException e) {
            LOG.warnf(e, "Cannot follow the presence report of %s", report.source());
        }
    }

    /** The current state. */
    public AwayState state() {
        AwayRepository.Stored stored = sql(repository::read);
        return new AwayState(
                stored.away(), stored.sinceMs(), stored.source(), stored.schedule(), zone.id(), stored.lastAbsence());
    }

    /**
     * Sets away mode ({@code source}: button, schedule, presence); a change ends or starts an absence
     * and is announced after it committed. The state afterwards.
     */
    public AwayState set(boolean away, String source) {
        lock.lock();
        try {
            Optional<AwayChanged> changed = QuarkusTransaction.requiringNew().call(() -> {
                AwayState before = state();
                if (before.away() == away) {
                    return Optional.<AwayChanged>empty();
                }
                long now = clock.nowMs();
                if (away) {
                    repository.goAway(now, source);
                } else {
                    repository.comeBack(now, source);
                }
                return Optional.of(new AwayChanged(away, now, source));
            });
            changed.ifPresent(e -> {
                LOG.infof("Away mode %s (%s)", e.away() ? "on" : "off", source);
                announce(e);
            });
            return state();
        } finally {
            lock.unlock();
        }
    }

    /** Replaces the weekly schedule; bad windows are a 400 problem. It acts from the next window edge on. */
    public AwayState schedule(AwaySchedule schedule) {
        for (AwaySchedule.Window w : schedule.windows()) {
            if (w == null || !w.valid()) {
                throw ProblemException.badRequest(
                        "invalid-schedule",
                        "each window needs days (MONDAY..SUNDAY) and from/to as different HH:mm times");
            }
        }
        if (schedule.windows().size() > 50) {
            throw ProblemException.badRequest("invalid-schedule", "at most 50 windows");
        }
        lock.lock();
        try {
            boolean inside = schedule.contains(Instant.ofEpochMilli(clock.nowMs()), zone);
            sql(() -> {
                repository.setSchedule(schedule, inside);
                return null;
            });
            return state();
        } finally {
            lock.unlock();
        }
    }

    /** Follows the schedule: a window that started sends the owner away, one that ended brings them back. */
    @Scheduled(
            every = "${buddybork.away.schedule-check:30S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @ExclusiveAcrossHubs("away-schedule")
    void followSchedule() {
        if (!ready) {
            return;
        }
        try {
            checkSchedule();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Cannot check the away schedule");
        }
    }

    /** One schedule check at the clock's now. */
    void checkSchedule() {
        lock.lock();
        try {
            AwayState now = state();
            boolean inside = now.schedule().contains(Instant.ofEpochMilli(clock.nowMs()), zone);
            boolean wasInside = sql(() -> {
                boolean before = repository.scheduleInside();
                if (before != inside) {
                    repository.setScheduleInside(inside);
                }
                return before;
            });
            if (inside && !wasInside) {
                set(true, "schedule");
            } else if (!inside && wasInside && now.away() && now.source().equals("schedule")) {
                set(false, "schedule");
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fires {@code event} once every observer of the previous one has returned: asynchronous
     * observers see the events in the order they happened (CDI alone would not promise it).
     */
    private void announce(AwayChanged event) {
        synchronized (this) {
            delivered = delivered.thenCompose(previous -> changes.fireAsync(event)
                    .exceptionally(e -> {
                        LOG.warnf(e, "An AwayChanged observer failed");
                        return event;
                    })
                    .thenApply(done -> null));
        }
    }

    /** A repository call. */
    interface Sql<T> {
        T run() throws SQLException;
    }

    static <T> T sql(Sql<T> action) {
        try {
            return action.run();
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read or change away mode", e);
        }
    }
}

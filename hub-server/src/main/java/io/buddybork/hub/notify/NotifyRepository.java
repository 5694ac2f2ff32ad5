package io.buddybork.hub.notify;

import io.buddybork.hub.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the notification tables (V64, V65) through {@link Sql}: targets, rules, the delivery
 * log, the counted episodes and the broker settings, and the device and tag names discovery
 * announces. Each method is one statement, in the caller's transaction when there is one
 * ({@link NotifyService#saveRule} runs its two in one). A database failure is an unchecked
 * {@link IllegalStateException} (wrapping the {@link SQLException}), as the MQTT callbacks, timers
 * and the admin API that call these have always handled it. Thread-safe.
 */
@ApplicationScoped
public class NotifyRepository {

    /** A target with its secrets, for sending only. */
    public record Target(long id, String name, String kind, String url, String token, boolean enabled) {}

    /** A delivery to attempt. */
    public record Pending(long id, long targetId, String payload, int attempts) {}

    /** An unfinished delivery and when it is due (epoch ms; 0: now). */
    public record Due(long id, long dueMs) {}

    /** A device or tag as discovery names it. */
    public record Named(long id, String name) {}

    /** How many episodes were counted for a device and tag. */
    public record Count(long deviceId, long tagId, long episodes) {}

    private final Sql sql;

    NotifyRepository(Sql sql) {
        this.sql = sql;
    }

    // ---- targets

    public List<Target> targets() {
        return list(
                "select id, name, kind, url, token, enabled from notify_target order by id", NotifyRepository::target);
    }

    public Optional<Target> target(long id) {
        return first(
                "select id, name, kind, url, token, enabled from notify_target where id = ?",
                NotifyRepository::target,
                id);
    }

    public long insertTarget(String name, String kind, String url, String token, boolean enabled) {
        return first(
                        "insert into notify_target (name, kind, url, token, enabled) values (?, ?, ?, ?, ?) returning id",
                        rs -> rs.getLong(1),
                        name,
                        kind,
                        url,
                        token,
                        enabled)
                .orElseThrow();
    }

    public boolean updateTarget(long id, String name, String kind, String url, String token, boolean enabled) {
        return update(
                        "update notify_target set name = ?, kind = ?, url = ?, token = ?, enabled = ? where id = ?",
                        name,
                        kind,
                        url,
                        token,
                        enabled,
                        id)
                == 1;
    }

    public boolean deleteTarget(long id) {
        return update("delete from notify_target where id = ?", id) == 1;
    }

    private static Target target(ResultSet rs) throws SQLException {
        return new Target(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6));
    }

    // ---- rules

    private static final String RULE_COLUMNS = "r.tag_id, t.name, r.enabled, r.cooldown_seconds,"
            + " to_char(r.quiet_start, 'HH24:MI'), to_char(r.quiet_end, 'HH24:MI'), r.min_duration_ms, r.min_score,"
            + " r.only_when_away from notify_rule r left join tag t on t.id = r.tag_id";

    public List<NotifyRule> rules() {
        return list("select " + RULE_COLUMNS + " order by r.tag_id nulls first", NotifyRepository::rule);
    }

    /** The rule of {@code tagId}, else the default rule. */
    public NotifyRule ruleFor(long tagId) {
        return first(
                        "select " + RULE_COLUMNS
                                + " where r.tag_id = ? or r.tag_id is null order by r.tag_id nulls last",
                        NotifyRepository::rule,
                        tagId)
                .orElseThrow();
    }

    public boolean tagExists(long tagId) {
        return first("select 1 from tag where id = ?", rs -> 1, tagId).isPresent();
    }

    /** Updates the rule of its tag, or inserts it when there is none: two statements, so callers run it in a transaction. */
    public void saveRule(NotifyRule r) {
        int changed = update(
                "update notify_rule set enabled = ?, cooldown_seconds = ?, quiet_start = cast(? as time),"
                        + " quiet_end = cast(? as time), min_duration_ms = ?, min_score = ?, only_when_away = ?"
                        + " where coalesce(tag_id, 0) = coalesce(cast(? as bigint), 0)",
                r.enabled(),
                r.cooldownSeconds(),
                r.quietStart(),
                r.quietEnd(),
                r.minDurationMs(),
                r.minScore(),
                r.onlyWhenAway(),
                r.tagId());
        if (changed == 0) {
            update(
                    "insert into notify_rule (tag_id, enabled, cooldown_seconds, quiet_start, quiet_end, min_duration_ms,"
                            + " min_score, only_when_away) values (?, ?, ?, cast(? as time), cast(? as time), ?, ?, ?)",
                    r.tagId(),
                    r.enabled(),
                    r.cooldownSeconds(),
                    r.quietStart(),
                    r.quietEnd(),
                    r.minDurationMs(),
                    r.minScore(),
                    r.onlyWhenAway());
        }
    }

    public boolean deleteRule(long tagId) {
        return update("delete from notify_rule where tag_id = ?", tagId) == 1;
    }

    private static NotifyRule rule(ResultSet rs) throws SQLException {
        return new NotifyRule(
                rs.getObject(1, Long.class),
                rs.getString(2),
                rs.getBoolean(3),
                rs.getInt(4),
                rs.getString(5),
                rs.getString(6),
                rs.getLong(7),
                rs.getDouble(8),
                rs.getBoolean(9));
    }

    // ---- deliveries

    /**
     * Whether another episode of {@code tagId} (any device) that started less than {@code windowMs}
     * before or after {@code startMs} was pushed: the cooldown, counted between the episodes' own
     * times, so that the order in which they are found (an outage's spool, a catch-up) does not matter.
     */
    public boolean pushedNear(long tagId, long episodeId, long startMs, long windowMs) {
        return first(
                        "select 1 from notify_delivery d join notify_episode e on e.episode_id = d.episode_id"
                                + " where d.tag_id = ? and d.kind = 'episode' and d.episode_id <> ?"
                                + " and e.start_time > ? and e.start_time < ? limit 1",
                        rs -> 1,
                        tagId,
                        episodeId,
                        Sql.utc(startMs - windowMs),
                        Sql.utc(startMs + windowMs))
                .isPresent();
    }

    /** Whether episode {@code episodeId} was already pushed. */
    public boolean pushed(long episodeId) {
        return first(
                        "select 1 from notify_delivery where episode_id = ? and kind = 'episode' limit 1",
                        rs -> 1,
                        episodeId)
                .isPresent();
    }

    /** Adds a pending delivery; empty when this target already has one for this episode. */
    public Optional<Long> insertDelivery(long targetId, Long episodeId, Long tagId, String kind, String payload) {
        return first(
                "insert into notify_delivery (target_id, episode_id, tag_id, kind, payload, status)"
                        + " values (?, ?, ?, ?, ?, 'pending') on conflict do nothing returning id",
                rs -> rs.getLong(1),
                targetId,
                episodeId,
                tagId,
                kind,
                payload);
    }

    public Optional<Pending> pending(long id) {
        return first(
                "select id, target_id, payload, attempts from notify_delivery where id = ? and status in"
                        + " ('pending', 'retrying')",
                rs -> new Pending(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4)),
                id);
    }

    /** Deliveries left unfinished (e.g. by a restart), with when they are due. */
    public List<Due> unfinished() {
        return list(
                "select id, coalesce((extract(epoch from next_try) * 1000)::bigint, 0) from notify_delivery"
                        + " where status in ('pending', 'retrying') order by id",
                rs -> new Due(rs.getLong(1), rs.getLong(2)));
    }

    public void recordAttempt(long id, String status, int attempts, String lastError, Instant nextTry) {
        update(
                "update notify_delivery set status = ?, attempts = ?, last_error = ?, updated = now(), next_try = ?"
                        + " where id = ?",
                status,
                attempts,
                lastError,
                nextTry == null ? null : nextTry.atOffset(ZoneOffset.UTC),
                id);
    }

    /** The newest {@code limit} deliveries, of one target or (null) all, newest first. */
    public List<DeliveryView> deliveries(int limit, Long targetId) {
        String select = "select d.id, d.target_id, t.name, d.episode_id, d.tag_id, d.kind, d.status, d.attempts,"
                + " d.last_error, (extract(epoch from d.created) * 1000)::bigint,"
                + " (extract(epoch from d.updated) * 1000)::bigint, (extract(epoch from d.next_try) * 1000)::bigint"
                + " from notify_delivery d join notify_target t on t.id = d.target_id";
        String order = " order by d.id desc limit ?";
        return targetId == null
                ? list(select + order, NotifyRepository::delivery, limit)
                : list(select + " where d.target_id = ?" + order, NotifyRepository::delivery, targetId, limit);
    }

    private static DeliveryView delivery(ResultSet rs) throws SQLException {
        return new DeliveryView(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getObject(4, Long.class),
                rs.getObject(5, Long.class),
                rs.getString(6),
                rs.getString(7),
                rs.getInt(8),
                rs.getString(9),
                rs.getLong(10),
                rs.getLong(11),
                rs.getObject(12, Long.class));
    }

    /** Deliveries failed since {@code since}. */
    public long failedSince(Instant since) {
        return count(
                "select count(*) from notify_delivery where status = 'failed' and updated >= ?",
                since.atOffset(ZoneOffset.UTC));
    }

    /**
     * Removes up to {@code limit} finished deliveries (sent or failed) last updated before
     * {@code before}, oldest first; returns how many went. Pending and retrying ones stay.
     */
    public int pruneFinishedDeliveries(Instant before, int limit) {
        return update(
                "delete from notify_delivery where id in (select id from notify_delivery"
                        + " where status in ('sent', 'failed') and updated < ? order by id limit ?)",
                before.atOffset(ZoneOffset.UTC),
                limit);
    }

    /** Deliveries waiting for another attempt. */
    public long retrying() {
        return count("select count(*) from notify_delivery where status = 'retrying'");
    }

    // ---- episode counts and discovery

    /** Counts episode {@code episodeId} once; false when it was already counted. */
    public boolean countEpisode(long episodeId, long deviceId, long tagId, long startMs) {
        return update(
                        "insert into notify_episode (episode_id, device_id, tag_id, start_time) values (?, ?, ?, ?)"
                                + " on conflict do nothing",
                        episodeId,
                        deviceId,
                        tagId,
                        Sql.utc(startMs))
                == 1;
    }

    public long episodes(long deviceId, long tagId) {
        return count("select count(*) from notify_episode where device_id = ? and tag_id = ?", deviceId, tagId);
    }

    public long episodes(long deviceId) {
        return count("select count(*) from notify_episode where device_id = ?", deviceId);
    }

    public List<Count> counts() {
        return list(
                "select device_id, tag_id, count(*) from notify_episode group by device_id, tag_id",
                rs -> new Count(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
    }

    /** Devices that may still upload (not revoked). */
    public List<Named> devices() {
        return list(
                "select id, name from device where revoked is null order by id",
                rs -> new Named(rs.getLong(1), rs.getString(2)));
    }

    public List<Named> tags() {
        return list("select id, name from tag order by id", rs -> new Named(rs.getLong(1), rs.getString(2)));
    }

    // ---- MQTT broker settings (V65)

    /** The broker settings an admin saved; empty until the first save. */
    public Optional<MqttSettings> mqttSettings() {
        return first(
                "select url, username, password, topic_prefix, discovery_enabled, discovery_prefix from notify_mqtt",
                rs -> new MqttSettings(
                        MqttSettings.Source.DATABASE,
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getBoolean(5),
                        rs.getString(6)));
    }

    /** Replaces the saved broker settings. */
    public void saveMqttSettings(MqttSettings s) {
        update(
                "insert into notify_mqtt (id, url, username, password, topic_prefix, discovery_enabled,"
                        + " discovery_prefix, updated) values (true, ?, ?, ?, ?, ?, ?, now())"
                        + " on conflict (id) do update set url = excluded.url, username = excluded.username,"
                        + " password = excluded.password, topic_prefix = excluded.topic_prefix,"
                        + " discovery_enabled = excluded.discovery_enabled,"
                        + " discovery_prefix = excluded.discovery_prefix, updated = now()",
                s.url(),
                s.username(),
                s.password(),
                s.topicPrefix(),
                s.discoveryEnabled(),
                s.discoveryPrefix());
    }

    // ---- statements, failures unchecked

    private <T> List<T> list(String statement, Sql.Row<T> row, Object... args) {
        try {
            return sql.list(statement, row, args);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private <T> Optional<T> first(String statement, Sql.Row<T> row, Object... args) {
        try {
            return sql.first(statement, row, args);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private long count(String statement, Object... args) {
        try {
            return sql.count(statement, args);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private int update(String statement, Object... args) {
        try {
            return sql.update(statement, args);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("notification store: " + e.getMessage(), e);
    }
}

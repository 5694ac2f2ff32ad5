package io.buddybork.hub.notify;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The notification tables (V64, V65): targets, rules, the delivery log, the counted episodes and
 * the broker settings. Each method is one transaction; callers never hold a connection between calls. Thread-safe.
 */
@ApplicationScoped
public class NotifyStore {

    /** A target with its secrets, for sending only. */
    public record Target(long id, String name, String kind, String url, String token, boolean enabled) {}

    /** A delivery to attempt. */
    public record Pending(long id, long targetId, String payload, int attempts) {}

    /** A device or tag as discovery names it. */
    public record Named(long id, String name) {}

    /** How many episodes were counted for a device and tag. */
    public record Count(long deviceId, long tagId, long episodes) {}

    private final AgroalDataSource ds;

    NotifyStore(AgroalDataSource ds) {
        this.ds = ds;
    }

    // ---- targets

    @Transactional
    public List<Target> targets() {
        return query("select id, name, kind, url, token, enabled from notify_target order by id", NotifyStore::target);
    }

    @Transactional
    public Optional<Target> target(long id) {
        return query(
                        "select id, name, kind, url, token, enabled from notify_target where id = ?",
                        NotifyStore::target,
                        id)
                .stream()
                .findFirst();
    }

    @Transactional
    public long insertTarget(String name, String kind, String url, String token, boolean enabled) {
        return query(
                        "insert into notify_target (name, kind, url, token, enabled) values (?, ?, ?, ?, ?) returning id",
                        rs -> rs.getLong(1),
                        name,
                        kind,
                        url,
                        nullable(token, Types.VARCHAR),
                        enabled)
                .getFirst();
    }

    @Transactional
    public boolean updateTarget(long id, String name, String kind, String url, String token, boolean enabled) {
        return update(
                        "update notify_target set name = ?, kind = ?, url = ?, token = ?, enabled = ? where id = ?",
                        name,
                        kind,
                        url,
                        nullable(token, Types.VARCHAR),
                        enabled,
                        id)
                == 1;
    }

    @Transactional
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

    @Transactional
    public List<NotifyRule> rules() {
        return query("select " + RULE_COLUMNS + " order by r.tag_id nulls first", NotifyStore::rule);
    }

    /** The rule of {@code tagId}, else the default rule. */
    @Transactional
    public NotifyRule ruleFor(long tagId) {
        return query(
                        "select " + RULE_COLUMNS
                                + " where r.tag_id = ? or r.tag_id is null order by r.tag_id nulls last",
                        NotifyStore::rule,
                        tagId)
                .getFirst();
    }

    @Transactional
    public boolean tagExists(long tagId) {
        return !query("select 1 from tag where id = ?", rs -> 1, tagId).isEmpty();
    }

    @Transactional
    public void saveRule(NotifyRule r) {
        Object tag = r.tagId() == null ? nullable(null, Types.BIGINT) : r.tagId();
        Object qs = nullable(r.quietStart(), Types.VARCHAR);
        Object qe = nullable(r.quietEnd(), Types.VARCHAR);
        int changed = update(
                "update notify_rule set enabled = ?, cooldown_seconds = ?, quiet_start = cast(? as time),"
                        + " quiet_end = cast(? as time), min_duration_ms = ?, min_score = ?, only_when_away = ?"
                        + " where coalesce(tag_id, 0) = coalesce(cast(? as bigint), 0)",
                r.enabled(),
                r.cooldownSeconds(),
                qs,
                qe,
                r.minDurationMs(),
                r.minScore(),
                r.onlyWhenAway(),
                tag);
        if (changed == 0) {
            update(
                    "insert into notify_rule (tag_id, enabled, cooldown_seconds, quiet_start, quiet_end, min_duration_ms,"
                            + " min_score, only_when_away) values (?, ?, ?, cast(? as time), cast(? as time), ?, ?, ?)",
                    tag,
                    r.enabled(),
                    r.cooldownSeconds(),
                    qs,
                    qe,
                    r.minDurationMs(),
                    r.minScore(),
                    r.onlyWhenAway());
        }
    }

    @Transactional
    public boolean deleteRule(long tagId) {
        return update("delete from notify_rule where tag_id = ?", tagId) == 1;
    }

    private static NotifyRule rule(ResultSet rs) throws SQLException {
        long tag = rs.getLong(1);
        Long tagId = rs.wasNull() ? null : tag;
        return new NotifyRule(
                tagId,
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

    /** When the last episode push of {@code tagId} was decided, if any. */
    @Transactional
    public Optional<Instant> lastPush(long tagId) {
        return query(
                        "select max(created) from notify_delivery where tag_id = ? and kind = 'episode'",
                        rs -> Optional.ofNullable(rs.getTimestamp(1)).map(java.sql.Timestamp::toInstant),
                        tagId)
                .getFirst();
    }

    /** Whether episode {@code episodeId} was already pushed. */
    @Transactional
    public boolean pushed(long episodeId) {
        return !query(
                        "select 1 from notify_delivery where episode_id = ? and kind = 'episode' limit 1",
                        rs -> 1,
                        episodeId)
                .isEmpty();
    }

    /** Adds a pending delivery; empty when this target already has one for this episode. */
    @Transactional
    public Optional<Long> insertDelivery(long targetId, Long episodeId, Long tagId, String kind, String payload) {
        return query(
                        "insert into notify_delivery (target_id, episode_id, tag_id, kind, payload, status)"
                                + " values (?, ?, ?, ?, ?, 'pending') on conflict do nothing returning id",
                        rs -> rs.getLong(1),
                        targetId,
                        episodeId == null ? nullable(null, Types.BIGINT) : episodeId,
                        tagId == null ? nullable(null, Types.BIGINT) : tagId,
                        kind,
                        payload)
                .stream()
                .findFirst();
    }

    @Transactional
    public Optional<Pending> pending(long id) {
        return query(
                        "select id, target_id, payload, attempts from notify_delivery where id = ? and status in"
                                + " ('pending', 'retrying')",
                        rs -> new Pending(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4)),
                        id)
                .stream()
                .findFirst();
    }

    /** Deliveries left unfinished (e.g. by a restart), with when they are due. */
    @Transactional
    public List<long[]> unfinished() {
        return query(
                "select id, coalesce((extract(epoch from next_try) * 1000)::bigint, 0) from notify_delivery"
                        + " where status in ('pending', 'retrying') order by id",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)});
    }

    @Transactional
    public void recordAttempt(long id, String status, int attempts, String lastError, Instant nextTry) {
        update(
                "update notify_delivery set status = ?, attempts = ?, last_error = ?, updated = now(), next_try = ?"
                        + " where id = ?",
                status,
                attempts,
                nullable(lastError, Types.VARCHAR),
                nextTry == null ? nullable(null, Types.TIMESTAMP_WITH_TIMEZONE) : java.sql.Timestamp.from(nextTry),
                id);
    }

    @Transactional
    public List<DeliveryView> deliveries(int limit, Long targetId) {
        String where = targetId == null ? "" : " where d.target_id = " + targetId;
        return query(
                "select d.id, d.target_id, t.name, d.episode_id, d.tag_id, d.kind, d.status, d.attempts, d.last_error,"
                        + " (extract(epoch from d.created) * 1000)::bigint, (extract(epoch from d.updated) * 1000)::bigint,"
                        + " (extract(epoch from d.next_try) * 1000)::bigint"
                        + " from notify_delivery d join notify_target t on t.id = d.target_id" + where
                        + " order by d.id desc limit ?",
                rs -> new DeliveryView(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        (Long) rs.getObject(4),
                        (Long) rs.getObject(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getInt(8),
                        rs.getString(9),
                        rs.getLong(10),
                        rs.getLong(11),
                        (Long) rs.getObject(12)),
                limit);
    }

    /** Deliveries failed since {@code since}. */
    @Transactional
    public long failedSince(Instant since) {
        return query(
                        "select count(*) from notify_delivery where status = 'failed' and updated >= ?",
                        rs -> rs.getLong(1),
                        java.sql.Timestamp.from(since))
                .getFirst();
    }

    /**
     * Removes up to {@code limit} finished deliveries (sent or failed) last updated before
     * {@code before}, oldest first; returns how many went. Pending and retrying ones stay.
     */
    @Transactional
    public int pruneFinishedDeliveries(Instant before, int limit) {
        return update(
                "delete from notify_delivery where id in (select id from notify_delivery"
                        + " where status in ('sent', 'failed') and updated < ? order by id limit ?)",
                java.sql.Timestamp.from(before),
                limit);
    }

    /** Deliveries waiting for another attempt. */
    @Transactional
    public long retrying() {
        return query("select count(*) from notify_delivery where status = 'retrying'", rs -> rs.getLong(1))
                .getFirst();
    }

    // ---- episode counts and discovery

    /** Counts episode {@code episodeId} once; false when it was already counted. */
    @Transactional
    public boolean countEpisode(long episodeId, long deviceId, long tagId, long startMs) {
        return update(
                        "insert into notify_episode (episode_id, device_id, tag_id, start_time) values (?, ?, ?, ?)"
                                + " on conflict do nothing",
                        episodeId,
                        deviceId,
                        tagId,
                        java.sql.Timestamp.from(Instant.ofEpochMilli(startMs)))
                == 1;
    }

    @Transactional
    public long episodes(long deviceId, long tagId) {
        return query(
                        "select count(*) from notify_episode where device_id = ? and tag_id = ?",
                        rs -> rs.getLong(1),
                        deviceId,
                        tagId)
                .getFirst();
    }

    @Transactional
    public long episodes(long deviceId) {
        return query("select count(*) from notify_episode where device_id = ?", rs -> rs.getLong(1), deviceId)
                .getFirst();
    }

    @Transactional
    public List<Count> counts() {
        return query(
                "select device_id, tag_id, count(*) from notify_episode group by device_id, tag_id",
                rs -> new Count(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
    }

    /** Devices that may still upload (not revoked). */
    @Transactional
    public List<Named> devices() {
        return query(
                "select id, name from device where revoked is null order by id",
                rs -> new Named(rs.getLong(1), rs.getString(2)));
    }

    @Transactional
    public List<Named> tags() {
        return query("select id, name from tag order by id", rs -> new Named(rs.getLong(1), rs.getString(2)));
    }

    // ---- MQTT broker settings (V65)

    /** The broker settings an admin saved; empty until the first save. */
    @Transactional
    public Optional<MqttSettings> mqttSettings() {
        return query(
                        "select url, username, password, topic_prefix, discovery_enabled, discovery_prefix"
                                + " from notify_mqtt",
                        rs -> new MqttSettings(
                                MqttSettings.Source.DATABASE,
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getBoolean(5),
                                rs.getString(6)))
                .stream()
                .findFirst();
    }

    /** Replaces the saved broker settings. */
    @Transactional
    public void saveMqttSettings(MqttSettings s) {
        update(
                "insert into notify_mqtt (id, url, username, password, topic_prefix, discovery_enabled,"
                        + " discovery_prefix, updated) values (true, ?, ?, ?, ?, ?, ?, now())"
                        + " on conflict (id) do update set url = excluded.url, username = excluded.username,"
                        + " password = excluded.password, topic_prefix = excluded.topic_prefix,"
                        + " discovery_enabled = excluded.discovery_enabled,"
                        + " discovery_prefix = excluded.discovery_prefix, updated = now()",
                nullable(s.url(), Types.VARCHAR),
                nullable(s.username(), Types.VARCHAR),
                nullable(s.password(), Types.VARCHAR),
                s.topicPrefix(),
                s.discoveryEnabled(),
                s.discoveryPrefix());
    }

    // ---- JDBC

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private record Null(int sqlType) {}

    private static Object nullable(Object value, int sqlType) {
        return value == null ? new Null(sqlType) : value;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement q = prepare(c, sql, args);
                ResultSet rs = q.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("notification store: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement q = prepare(c, sql, args)) {
            return q.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("notification store: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement q = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Null n) {
                q.setNull(i + 1, n.sqlType());
            } else {
                q.setObject(i + 1, args[i]);
            }
        }
        return q;
    }
}

package io.buddybork.hub.auth;

import io.buddybork.hub.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SQL of table {@code login_throttle} (V70), the sign-in counts every hub on the database
 * shares ({@link LoginRateLimiter} holds the policy). Rows are always locked in key order, so hubs
 * cannot deadlock. Throws {@link SQLException}; blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class LoginThrottleRepository {

    /**
     * One key's row as locked: attempts until {@code windowEnd} (none or past: no attempts), the
     * instant the next may come ({@code notBefore}, or null), a user's next slot and a client's
     * known-until.
     */
    public record Entry(int attempts, Instant windowEnd, Instant notBefore, Instant nextSlot, Instant knownUntil) {}

    /** What the policy booked on a locked key. */
    public record Change(String key, int attempts, Instant windowEnd, Instant notBefore, Instant nextSlot) {}

    /** The policy's answer on the locked rows: its result and the rows to write (none: roll back). */
    public record Booked<T>(T result, List<Change> changes) {}

    /** Decides on the locked rows of one attempt, by key; runs while they are locked. */
    @FunctionalInterface
    public interface Policy<T> {
        /** The result and what to write. */
        Booked<T> decide(Map<String, Entry> locked);
    }

    private final Sql sql;

    /** The table on {@code sql}'s database. */
    public LoginThrottleRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * One reservation, one transaction of two statements: an upsert that locks the rows of
     * {@code keys} (creating missing ones as expired at {@code now}) and returns them, then one
     * update of what {@code policy} booked; concurrent reservations on a key, from any hub, queue on
     * its row lock. When the policy books nothing the transaction rolls back, dropping the rows the
     * lock created.
     */
    public <T> T book(Set<String> keys, Instant now, Policy<T> policy) throws SQLException {
        return sql.inTransaction(tx -> {
            Booked<T> booked = policy.decide(lock(tx, keys, now));
            if (booked.changes().isEmpty()) {
                tx.rollbackOnly();
            } else {
                write(tx, booked.changes());
            }
            return booked.result();
        });
    }

    /**
     * Takes one attempt back from each of {@code keys} (below its free allowance, {@code freePerClient}
     * for {@code c:} keys and {@code freePerAddress} for {@code a:} keys, a key need not wait any more),
     * in one statement; {@code resetKey} (or null) is cleared instead, and becomes known until
     * {@code knownUntil} when that is given.
     */
    public void giveBack(
            List<String> keys, String resetKey, Instant knownUntil, Instant now, int freePerClient, int freePerAddress)
            throws SQLException {
        List<String> sorted = new ArrayList<>(new TreeSet<>(keys));
        StringBuilder statement =
                new StringBuilder("insert into login_throttle as t (key, window_end, known_until) values ");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            String key = sorted.get(i);
            statement.append(i == 0 ? "" : ", ").append("(?, ?, ?)");
            params.add(key);
            params.add(at(now)); // a row swept meanwhile comes back expired
            params.add(key.equals(resetKey) && knownUntil != null ? at(knownUntil) : null);
        }
        // The right-hand sides see the row as it was; rows are locked in key order (see book).
        statement.append("""
                 on conflict (key) do update set
                  attempts = case when t.key = ? then 0
                                  when t.window_end > ? then greatest(0, t.attempts - 1) else t.attempts end,
                  not_before = case when t.key = ? then null
                                    when t.window_end > ? and greatest(0, t.attempts - 1)
                                         < case left(t.key, 2) when 'c:' then ? when 'a:' then ? else 2147483647 end
                                    then null else t.not_before end,
                  window_end = case when t.key = ? then null else t.window_end end,
                  known_until = coalesce(excluded.known_until, t.known_until)""");
        params.add(resetKey);
        params.add(at(now));
        params.add(resetKey);
        params.add(at(now));
        params.add(freePerClient);
        params.add(freePerAddress);
        params.add(resetKey);
        sql.update(statement.toString(), params.toArray());
    }

    /**
     * Deletes up to {@code batch} rows whose counts, slot and known-client exemption have all expired
     * by {@code now}, skipping rows a sign-in holds (they are taken next time); how many went.
     */
    public int sweepExpired(Instant now, int batch) throws SQLException {
        return sql.update("""
                delete from login_throttle where key in (
                  select key from login_throttle
                  where coalesce(greatest(window_end, next_slot, known_until), '-infinity') <= ?
                  limit ? for update skip locked)""", at(now), batch);
    }

    /**
     * Locks the rows of {@code keys} in key order, creating missing ones as expired, and returns
     * them: one {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING}.
     */
    private static Map<String, Entry> lock(Sql.Transaction tx, Set<String> keys, Instant now) throws SQLException {
        List<String> sorted = new ArrayList<>(new TreeSet<>(keys));
        StringBuilder statement = new StringBuilder("insert into login_throttle as t (key, window_end) values ");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            statement.append(i == 0 ? "" : ", ").append("(?, ?)");
            params.add(sorted.get(i));
            params.add(at(now));
        }
        statement.append(" on conflict (key) do update set attempts = t.attempts"
                + " returning key, attempts, window_end, not_before, next_slot, known_until");
        Map<String, Entry> rows = new HashMap<>();
        for (Map.Entry<String, Entry> row : tx.list(
                statement.toString(),
                rs -> Map.entry(
                        rs.getString(1),
                        new Entry(rs.getInt(2), instant(rs, 3), instant(rs, 4), instant(rs, 5), instant(rs, 6))),
                params.toArray())) {
            rows.put(row.getKey(), row.getValue());
        }
        return rows;
    }

    /** Writes the rows the policy changed, in one statement (they are locked already). */
    private static void write(Sql.Transaction tx, List<Change> changes) throws SQLException {
        StringBuilder statement =
                new StringBuilder("update login_throttle t set attempts = v.attempts, window_end = v.window_end,"
                        + " not_before = v.not_before, next_slot = v.next_slot from (values ");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            statement
                    .append(i == 0 ? "" : ", ")
                    .append("(?, ?::integer, ?::timestamptz, ?::timestamptz, ?::timestamptz)");
            params.add(change.key());
            params.add(change.attempts());
            params.add(at(change.windowEnd()));
            params.add(at(change.notBefore()));
            params.add(at(change.nextSlot()));
        }
        statement.append(") as v(key, attempts, window_end, not_before, next_slot) where t.key = v.key");
        tx.update(statement.toString(), params.toArray());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}

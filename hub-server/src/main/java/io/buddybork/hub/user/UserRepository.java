package io.buddybork.hub.user;

import io.buddybork.hub.db.Sql;
import io.buddybork.hub.problem.DatabaseFailures;
import io.buddybork.hub.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the users (table {@code app_user}), through {@link Sql}. The busiest caller is
 * authentication: every request that carries HTTP basic credentials or a session cookie reads its
 * user row ({@link #findForSignIn}) on a worker thread of the security layer, where no transaction
 * or request context exists for a JPA session to live in; a plain statement needs neither.
 * Measured on the 2-core development machine (2026-12-01, 3 x 3000 lookups after warm-up): about
 * 0.1 ms per lookup this way against 0.7 ms for the same query through the entity manager in a
 * transaction of its own; bench/db-access compares it with Jdbi (docs/architecture.md, "Data
 * access"). {@link UserService}'s changes are a few single-row statements run inside its
 * transactions (the Agroal connection joins the JTA transaction). User names are matched
 * regardless of case (unique index on {@code lower(username)}, migration V40) and keep the case
 * they were created with. Blocking: call from worker threads. Thread-safe (stateless).
 */
@ApplicationScoped
public class UserRepository {

    private static final String COLUMNS = "username, password, role, enabled, session_version, created";

    private final Sql sql;

    UserRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * The user of this name in any case, for authentication. A database failure is a 503 problem,
     * never a refusal: the credentials may be fine, the database is not.
     */
    public Optional<AppUser> findForSignIn(String username) {
        try {
            return byName(username);
        } catch (SQLException e) {
            throw ProblemException.unavailable("database-unavailable", "the hub cannot check credentials now", 10, e);
        }
    }

    /** The user of this name in any case, if any. */
    public Optional<AppUser> find(String username) {
        try {
            return byName(username);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read a user", e);
        }
    }

    /** All users by name. */
    public List<AppUser> list() {
        try {
            return sql.list("select " + COLUMNS + " from app_user order by username", UserRepository::user);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("list users", e);
        }
    }

    /** Number of users. */
    public long count() {
        try {
            return sql.count("select count(*) from app_user");
        } catch (SQLException e) {
            throw DatabaseFailures.problem("count users", e);
        }
    }

    /** Enabled admins other than {@code username}. */
    public long otherEnabledAdmins(String username) {
        try {
            return sql.count(
                    "select count(*) from app_user where role = ? and enabled and username <> ?",
                    Roles.ADMIN,
                    username);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("count admins", e);
        }
    }

    /** Stores a new user (enabled, session version 0, created now) and returns it. */
    public AppUser insert(String username, String passwordHash, String role) {
        try {
            return sql.first(
                            "insert into app_user (username, password, role, enabled, session_version, created)"
                                    + " values (?, ?, ?, true, 0, now()) returning " + COLUMNS,
                            UserRepository::user,
                            username,
                            passwordHash,
                            role)
                    .orElseThrow();
        } catch (SQLException e) {
            throw DatabaseFailures.problem("create a user", e);
        }
    }

    /** Replaces the password hash and moves the session version on; the stored name must be given. */
    public AppUser setPasswordHash(String username, String passwordHash) {
        return update("password = ?, ", username, passwordHash);
    }

    /** Changes the role and moves the session version on. */
    public AppUser setRole(String username, String role) {
        return update("role = ?, ", username, role);
    }

    /** Enables or disables the user and moves the session version on. */
    public AppUser setEnabled(String username, boolean enabled) {
        return update("enabled = ?, ", username, enabled);
    }

    /** Moves the session version on, which ends every session of the user. */
    public AppUser bumpSessionVersion(String username) {
        return update("", username);
    }

    /** Deletes the user (their annotations keep no author: {@code on delete set null}). */
    public void delete(String username) {
        try {
            sql.update("delete from app_user where username = ?", username);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("delete a user", e);
        }
    }

    private Optional<AppUser> byName(String username) throws SQLException {
        if (username == null) {
            return Optional.empty();
        }
        return sql.first(
                "select " + COLUMNS + " from app_user where lower(username) = lower(?)",
                UserRepository::user,
                username);
    }

    /** One update that moves the session version on; {@code assignment} is a constant of this class. */
    private AppUser update(String assignment, String username, Object... value) {
        String statement = "update app_user set " + assignment
                + "session_version = session_version + 1 where username = ? returning " + COLUMNS;
        Object[] params = value.length == 0 ? new Object[] {username} : new Object[] {value[0], username};
        try {
            return sql.first(statement, UserRepository::user, params)
                    .orElseThrow(() -> ProblemException.notFound("unknown-user", "no user named '" + username + "'"));
        } catch (SQLException e) {
            throw DatabaseFailures.problem("change a user", e);
        }
    }

    private static AppUser user(ResultSet rs) throws SQLException {
        return new AppUser(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getBoolean(4),
                rs.getInt(5),
                rs.getObject(6, OffsetDateTime.class));
    }
}

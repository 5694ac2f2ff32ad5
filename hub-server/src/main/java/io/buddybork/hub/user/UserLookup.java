package io.buddybork.hub.user;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Reads one user's sign-in facts with plain JDBC, for the security layer where no request
 * context or transaction exists. Blocking: call from worker threads only.
 */
@ApplicationScoped
public class UserLookup {

    /** The facts authentication needs. */
    public record SignInFacts(String username, String passwordHash, String role, boolean enabled, int sessionVersion) {}

    @Inject
    AgroalDataSource dataSource;

    /** The user named {@code username} in any case (names are unique regardless of case), if any. */
    public Optional<SignInFacts> find(String username) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "select username, password, role, enabled, session_version from app_user where lower(username) = lower(?)")) {
            q.setString(1, username);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SignInFacts(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getInt(5)));
            }
        } catch (SQLException e) {
            // 503, never 401: the credentials may be fine, the database is not
            throw ProblemException.unavailable("database-unavailable", "the hub cannot check credentials now", 10, e);
        }
    }
}

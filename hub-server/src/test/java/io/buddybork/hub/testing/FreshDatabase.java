package io.buddybork.hub.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives each test application start (each test run, and each Quarkus test profile in it) its own
 * empty PostgreSQL database, created here and dropped when the application stops, so tests cannot
 * see another run's rows and never meet a schema left by another branch. Databases of runs that
 * were killed are dropped by a later run once they are a day old. Names start with {@link
 * #prefix()}, so parallel checkouts ({@code BUDDYBORK_TEST_DB}) keep to their own.
 */
@WithTestResource(value = FreshDatabase.class, scope = TestResourceScope.GLOBAL)
public class FreshDatabase implements QuarkusTestResourceLifecycleManager {

    /** The PostgreSQL server of the tests, without a database name. */
    public static final String SERVER = "jdbc:postgresql://localhost:5432/";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** This JVM's run: epoch seconds (to age out leftovers) and a random part (parallel runs). */
    private static final String RUN =
            Long.toString(System.currentTimeMillis() / 1000) + "_" + Integer.toString(RANDOM.nextInt(1 << 20), 36);

    private String name;

    /** The common start of this checkout's test database names ({@code BUDDYBORK_TEST_DB}, default {@code buddybork_test}). */
    public static String prefix() {
        return System.getenv().getOrDefault("BUDDYBORK_TEST_DB", "buddybork_test");
    }

    /**
     * A database name of this run for a test that manages a database of its own (a migration or
     * restore target): unique to the run, aged out like the others when the run dies.
     */
    public static String runScoped(String purpose) {
        return prefix() + "_r" + RUN + "_" + purpose;
    }

    @Override
    public Map<String, String> start() {
        name = runScoped("app" + Integer.toString(RANDOM.nextInt(1 << 16), 36));
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            dropStale(s);
            s.execute("create database " + name);
            // Commits need not wait for the WAL's fsync (3-6 ms each here; a basic-auth request alone
            // commits twice for the login throttle). Only a crash of PostgreSQL itself could lose
            // such a commit, which no test does; what other sessions see is the same.
            s.execute("alter database " + name + " set synchronous_commit = off");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return Map.of("quarkus.datasource.jdbc.url", SERVER + name);
    }

    @Override
    public void stop() {
        if (name != null) {
            drop(name);
        }
    }

    /** Drops {@code database} and whatever still connects to it; leftovers are aged out by later runs. */
    public static void drop(String database) {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + database + ": " + e.getMessage());
        }
    }

    /** Drops this checkout's run databases older than a day (runs that were killed). */
    private static void dropStale(Statement s) throws SQLException {
        dropStale(s, Pattern.compile(Pattern.quote(prefix()) + "_r(\\d+)_.*"));
    }

    /**
     * Drops the databases whose whole name matches {@code run} (group 1: the run's epoch seconds)
     * and whose run started over a day ago; the integration tests' databases age out this way too.
     */
    public static void dropStale(Statement s, Pattern run) throws SQLException {
        long cutoff = System.currentTimeMillis() / 1000 - TimeUnit.DAYS.toSeconds(1);
        List<String> stale = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("select datname from pg_database")) {
            while (rs.next()) {
                Matcher m = run.matcher(rs.getString(1));
                if (m.matches() && Long.parseLong(m.group(1)) < cutoff) {
                    stale.add(rs.getString(1));
                }
            }
        }
        for (String db : stale) {
            s.execute("drop database if exists \"" + db + "\" with (force)");
        }
    }
}

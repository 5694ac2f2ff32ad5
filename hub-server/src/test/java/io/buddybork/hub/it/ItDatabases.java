package io.buddybork.hub.it;

import io.buddybork.hub.testing.FreshDatabase;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Database names of the integration tests that are unique to this test JVM, so that two checkouts
 * (or two forks) running the ITs at the same time never share a database: {@code
 * <base>_r<epoch seconds>_<random>_<purpose>}, where {@code <base>} is the database of {@code
 * buddybork.it.jdbc-url} (default {@code buddybork_it} on localhost) and the server is that URL's.
 * The hub creates a database that does not exist yet; each test drops its own when done, every
 * name handed out is dropped again when the JVM exits, and those of killed runs are dropped by a
 * later run once they are a day old.
 */
public final class ItDatabases {
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([A-Za-z0-9_]+)(\\?.*)?");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** This JVM's run: epoch seconds (to age out leftovers) and a random part (parallel runs). */
    private static final String RUN =
            Long.toString(System.currentTimeMillis() / 1000) + "_" + Integer.toString(RANDOM.nextInt(1 << 20), 36);

    private static final Set<String> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static boolean started;

    private ItDatabases() {}

    /** The configured IT database URL ({@code buddybork.it.jdbc-url}, else {@link HubProcess#DEFAULT_JDBC_URL}). */
    static String configuredUrl() {
        return System.getProperty("buddybork.it.jdbc-url", HubProcess.DEFAULT_JDBC_URL);
    }

    /** This run's database name for {@code purpose} (letters, digits, underscores). */
    public static synchronized String name(String purpose) {
        if (!purpose.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a plain purpose: " + purpose);
        }
        String name = base() + "_r" + RUN + "_" + purpose;
        if (name.length() > 63) {
            throw new IllegalArgumentException("database name longer than PostgreSQL's 63 characters: " + name);
        }
        if (!started) {
            started = true;
            dropStale();
            Runtime.getRuntime().addShutdownHook(new Thread(ItDatabases::dropAll, "drop-it-databases"));
        }
        HANDED_OUT.add(name);
        return name;
    }

    /** The JDBC URL of {@link #name(String)} on the configured server (with its parameters). */
    public static String url(String purpose) {
        Matcher m = matcher();
        return m.group(1) + name(purpose) + (m.group(3) != null ? m.group(3) : "");
    }

    /** Drops the database of {@code jdbcUrl} and whatever still connects to it; failures are only reported. */
    public static void drop(String jdbcUrl) {
        try {
            HubProcess.dropDatabase(jdbcUrl);
        } catch (SQLException | IllegalArgumentException e) {
            System.err.println("could not drop the IT database of " + jdbcUrl + ": " + e.getMessage());
        }
    }

    private static Matcher matcher() {
        Matcher m = URL.matcher(configuredUrl());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "buddybork.it.jdbc-url is not a plain PostgreSQL URL: " + configuredUrl());
        }
        return m;
    }

    private static String base() {
        return matcher().group(2);
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(matcher().group(1) + "postgres", "postgres", null);
    }

    private static void dropAll() {
        for (String name : HANDED_OUT) {
            try (Connection c = admin();
                    Statement s = c.createStatement()) {
                s.execute("drop database if exists \"" + name + "\" with (force)");
            } catch (SQLException e) {
                System.err.println("could not drop the IT database " + name + ": " + e.getMessage());
            }
        }
    }

    /** Drops this base's run databases older than a day (runs that were killed). */
    private static void dropStale() {
        Pattern run = Pattern.compile(Pattern.quote(base()) + "_r(\\d+)_[a-z0-9]+_[a-z0-9_]+");
        try (Connection c = admin();
                Statement s = c.createStatement()) {
            FreshDatabase.dropStale(s, run);
        } catch (SQLException e) {
            System.err.println("could not drop stale IT databases: " + e.getMessage());
        }
    }
}

package io.buddybork.bench.db;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Measures the client CPU time per call (this thread's, so the machine's load and the PostgreSQL
 * server's work are left out) and the wall time per call of the hub's two hot SQL paths, the
 * ingest index write ({@code insert into raw ... on conflict do nothing returning id}) and the
 * sign-in lookup ({@code select ... from app_user where lower(username) = lower(?)}), written
 * in plain JDBC as the hub had them, through the hub's {@code db.Sql} helper as its repositories
 * have them, and through Jdbi 3 (the alternative weighed), all on an Agroal pool. Works in a scratch database it creates and drops. Usage:
 * {@code java -jar bench/db-access/target/db-access.jar [calls] [rounds]}.
 */
public final class DataAccessBench {

    /** The sign-in row. */
    public record AppUser(
            String username,
            String passwordHash,
            String role,
            boolean enabled,
            int sessionVersion,
            OffsetDateTime created) {}

    private static final String BASE = System.getProperty("db.url", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String DB = "bench_data_access";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String INSERT_RAW = """
            insert into raw (device_id, start_time, max_amp, path, duration_ms, sample_rate, sha256, size_bytes)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (device_id, start_time) do nothing returning id""";
    private static final String FIND_USER = """
            select username, password as password_hash, role, enabled, session_version, created
            from app_user where lower(username) = lower(?)""";

    private long nextStart = 1_700_000_000_000L;

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        admin("drop database if exists " + DB);
        admin("create database " + DB);
        try (AgroalDataSource ds = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(p -> p.maxSize(4)
                        .connectionFactoryConfiguration(
                                f -> f.jdbcUrl(BASE + DB).principal(new NamePrincipal("postgres")))))) {
            schema(ds);
            Jdbi jdbi = Jdbi.create(ds);
            jdbi.registerRowMapper(ConstructorMapper.factory(AppUser.class));
            new DataAccessBench().run(ds, jdbi, calls, rounds);
        } finally {
            admin("drop database if exists " + DB);
        }
    }

    private void run(AgroalDataSource ds, Jdbi jdbi, int calls, int rounds) throws Exception {
        byte[] sha = new byte[32];
        // warm-up: both ways, several thousand calls each, so the JIT has compiled them
        for (int i = 0; i < 3; i++) {
            time("warm", calls, () -> insertJdbc(ds, sha));
            time("warm", calls, () -> insertJdbi(jdbi, sha));
            time("warm", calls, () -> findJdbc(ds));
            time("warm", calls, () -> findJdbi(jdbi));
            time("warm", calls, () -> insertHelper(ds, sha));
            time("warm", calls, () -> findHelper(ds));
        }
        System.out.println("# calls per round " + calls + "; per-call client CPU us / wall us");
        for (int r = 0; r < rounds; r++) {
            time("insert raw  JDBC", calls, () -> insertJdbc(ds, sha));
            time("insert raw  Jdbi", calls, () -> insertJdbi(jdbi, sha));
            time("insert raw  Sql ", calls, () -> insertHelper(ds, sha));
            time("sign-in     JDBC", calls, () -> findJdbc(ds));
            time("sign-in     Jdbi", calls, () -> findJdbi(jdbi));
            time("sign-in     Sql ", calls, () -> findHelper(ds));
        }
    }

    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    private static void time(String what, int calls, Call call) throws Exception {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            if (call.run() == null) {
                throw new IllegalStateException("no result");
            }
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        if (!what.equals("warm")) {
            System.out.printf("%s  %7.1f  %7.1f%n", what, cpu / 1e3 / calls, wall / 1e3 / calls);
        }
    }

    private OptionalLong insertJdbc(AgroalDataSource ds, byte[] sha) throws SQLException {
        long start = nextStart += 10_000;
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement(INSERT_RAW)) {
            q.setLong(1, 1);
            q.setObject(2, utc(start));
            q.setInt(3, 100);
            q.setString(4, "raw/1/" + start + ".wav");
            q.setInt(5, 10_000);
            q.setInt(6, 16_000);
            q.setBytes(7, sha);
            q.setInt(8, 320_044);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private Optional<Long> insertJdbi(Jdbi jdbi, byte[] sha) {
        long start = nextStart += 10_000;
        return jdbi.withHandle(h -> h.createQuery(INSERT_RAW)
                .bind(0, 1L)
                .bind(1, utc(start))
                .bind(2, 100)
                .bind(3, "raw/1/" + start + ".wav")
                .bind(4, 10_000)
                .bind(5, 16_000)
                .bind(6, sha)
                .bind(7, 320_044)
                .mapTo(Long.class)
                .findOne());
    }

    private static Optional<AppUser> findJdbc(AgroalDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement(FIND_USER)) {
            q.setString(1, "Owner");
            try (ResultSet rs = q.executeQuery()) {
                return rs.next()
                        ? Optional.of(new AppUser(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getBoolean(4),
                                rs.getInt(5),
                                rs.getObject(6, OffsetDateTime.class)))
                        : Optional.empty();
            }
        }
    }

    private static Optional<AppUser> findJdbi(Jdbi jdbi) {
        return jdbi.withHandle(h ->
                h.createQuery(FIND_USER).bind(0, "Owner").mapTo(AppUser.class).findOne());
    }

    private Optional<Long> insertHelper(AgroalDataSource ds, byte[] sha) throws SQLException {
        long start = nextStart += 10_000;
        return first(
                ds,
                INSERT_RAW,
                rs -> rs.getLong(1),
                1L,
                utc(start),
                100,
                "raw/1/" + start + ".wav",
                10_000,
                16_000,
                sha,
                320_044);
    }

    private static Optional<AppUser> findHelper(AgroalDataSource ds) throws SQLException {
        return first(
                ds,
                FIND_USER,
                rs -> new AppUser(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getBoolean(4),
                        rs.getInt(5),
                        rs.getObject(6, OffsetDateTime.class)),
                "Owner");
    }

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** The same code as the hub's {@code db.Sql.first}: positional parameters by setObject, one mapped row. */
    private static <T> Optional<T> first(AgroalDataSource ds, String sql, Row<T> row, Object... params)
            throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
            }
        }
    }

    private static OffsetDateTime utc(long epochMs) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }

    private static void schema(AgroalDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create table device (id bigserial primary key)");
            s.execute("insert into device default values");
            s.execute("""
                    create table raw (id bigserial primary key, device_id bigint not null references device (id),
                    start_time timestamptz not null, max_amp integer not null, path text not null,
                    duration_ms integer not null, sample_rate integer not null, sha256 bytea not null,
                    size_bytes integer not null, created timestamptz not null default now(),
                    constraint raw_device_start_uq unique (device_id, start_time))""");
            s.execute("""
                    create table app_user (username text primary key, password text not null,
                    role text not null, enabled boolean not null default true,
                    session_version integer not null default 0, created timestamptz not null default now())""");
            s.execute("create unique index on app_user (lower(username))");
            s.execute("insert into app_user (username, password, role) values ('owner', '$2a$12$x', 'admin')");
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(BASE + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

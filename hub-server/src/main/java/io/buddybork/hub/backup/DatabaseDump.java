package io.buddybork.hub.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Logical dump and load of the project's tables through PostgreSQL {@code COPY} (text format).
 * Tables are discovered from the catalogue at run time (every ordinary table of the current schema
 * except Flyway's history), so tables added by later migrations are included without a list to
 * maintain. A dump reads every table in the caller's transaction, i.e. one snapshot when the caller
 * opened it {@code REPEATABLE READ}. A load runs in one transaction: all of it or nothing.
 */
final class DatabaseDump {
    static final String FLYWAY_TABLE = "flyway_schema_history";

    private DatabaseDump() {}

    /** One dumped table: its columns in file order and its row count. */
    record Table(String name, List<String> columns, long rows, String file, String sha256, long bytes) {}

    /** A sequence's last value ({@code null}: never used). */
    record Sequence(String name, Long lastValue) {}

    /** The ordinary tables of the current schema, Flyway's excepted, by name. */
    static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                                + " where n.nspname = current_schema() and c.relkind in ('r', 'p')"
                                + " and not c.relispartition order by c.relname")) {
            while (rs.next()) {
                if (!rs.getString(1).equals(FLYWAY_TABLE)) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Writable columns of {@code table} in definition order (generated columns cannot be loaded). */
    static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q =
                c.prepareStatement("select a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid"
                        + " join pg_namespace n on n.oid = c.relnamespace"
                        + " where n.nspname = current_schema() and c.relname = ? and a.attnum > 0"
                        + " and not a.attisdropped and a.attgenerated = '' order by a.attnum")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Copies {@code table} into {@code file} (forced to disk), returning what the index records. */
    static Table dump(Connection c, String table, Path file, String fileName) throws SQLException, IOException {
        List<String> cols = columns(c, table);
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        var digest = Checksums.sha256();
        long rows;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            CountingOutputStream counted = new CountingOutputStream(Channels.newOutputStream(ch));
            try (OutputStream out = new DigestOutputStream(counted, digest)) {
                rows = copy.copyOut("copy " + quote(table) + " (" + columnList(cols) + ") to stdout", out);
                out.flush();
                ch.force(true);
            }
            return new Table(table, cols, rows, fileName, Checksums.hex(digest.digest()), counted.count);
        }
    }

    /** The last values of the current schema's sequences. */
    static List<Sequence> sequences(Connection c) throws SQLException {
        List<Sequence> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select sequencename, last_value from pg_sequences where schemaname = current_schema() order by 1")) {
            while (rs.next()) {
                String name = rs.getString(1);
                long v = rs.getLong(2);
                out.add(new Sequence(name, rs.wasNull() ? null : v));
            }
        }
        return out;
    }

    /** Table names ordered so that every table comes after the tables its foreign keys reference. */
    static List<String> loadOrder(Connection c, List<String> tables) throws SQLException {
        Map<String, Set<String>> dependsOn = new LinkedHashMap<>();
        tables.forEach(t -> dependsOn.put(t, new HashSet<>()));
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select child.relname, parent.relname from pg_constraint k"
                        + " join pg_class child on child.oid = k.conrelid join pg_class parent on parent.oid = k.confrelid"
                        + " join pg_namespace n on n.oid = child.relnamespace"
                        + " where k.contype = 'f' and n.nspname = current_schema()")) {
            while (rs.next()) {
                String child = rs.getString(1);
                String parent = rs.getString(2);
                if (dependsOn.containsKey(child) && dependsOn.containsKey(parent) && !child.equals(parent)) {
                    dependsOn.get(child).add(parent);
                }
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (order.size() < tables.size()) {
            boolean progress = false;
            for (var e : dependsOn.entrySet()) {
                if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) {
                    order.add(e.getKey());
                    done.add(e.getKey());
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("foreign keys form a cycle among " + dependsOn.keySet());
            }
        }
        return order;
    }

    /**
     * Loads dumped tables into the (freshly migrated, otherwise empty) schema in the caller's
     * transaction: empties them first (a migration may have seeded rows the dump also holds),
     * disables user triggers while loading (derived tables such as {@code raw_day_count} are in the
     * dump already), then sets the sequences.
     */
    static Map<String, Long> load(
            Connection c,
            List<Table> dumped,
            List<Sequence> sequences,
            java.util.function.Function<Table, InputStream> opener)
            throws SQLException, IOException {
        Map<String, Table> byName = new HashMap<>();
        dumped.forEach(t -> byName.put(t.name(), t));
        List<String> present = tables(c);
        for (Table t : dumped) {
            if (!present.contains(t.name())) {
                throw new IllegalStateException("table " + t.name() + " of the backup does not exist after migrating;"
                        + " the backup is newer than this hub");
            }
        }
        List<String> order = loadOrder(c, new ArrayList<>(byName.keySet()));
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        Map<String, Long> loaded = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            if (!order.isEmpty()) {
                s.execute("truncate "
                        + String.join(
                                ", ", order.stream().map(DatabaseDump::quote).toList()));
            }
            for (String name : order) {
                s.execute("alter table " + quote(name) + " disable trigger user");
            }
            for (String name : order) {
                Table t = byName.get(name);
                try (InputStream in = opener.apply(t)) {
                    long rows =
                            copy.copyIn("copy " + quote(name) + " (" + columnList(t.columns()) + ") from stdin", in);
                    if (rows != t.rows()) {
                        throw new IllegalStateException(
                                "table " + name + ": loaded " + rows + " rows, the backup lists " + t.rows());
                    }
                    loaded.put(name, rows);
                }
            }
            for (String name : order) {
                s.execute("alter table " + quote(name) + " enable trigger user");
            }
        }
        try (PreparedStatement q = c.prepareStatement("select setval(?::regclass, ?, true)")) {
            for (Sequence seq : sequences) {
                if (seq.lastValue() != null) {
                    q.setString(1, quote(seq.name()));
                    q.setLong(2, seq.lastValue());
                    q.execute();
                }
            }
        }
        return loaded;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String columnList(List<String> cols) {
        return String.join(", ", cols.stream().map(DatabaseDump::quote).toList());
    }

    /** Counts bytes on their way to the file. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}

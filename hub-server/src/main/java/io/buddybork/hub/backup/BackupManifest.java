package io.buddybork.hub.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.buddybork.model.storage.DurableFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commit record of a backup directory: {@code backup.json} names the database dump of the
 * last complete run (one file per table with row count and SHA-256), the sequences, the schema
 * version, and the file index ({@code index-<run>.tsv}: SHA-256, size, data-relative path and
 * backup-relative path of every raw WAV, model, key and other kept file). A run writes everything
 * else first and replaces {@code backup.json} atomically last, so an interrupted run leaves the
 * previous backup whole. Immutable.
 */
record BackupManifest(
        int format,
        String created,
        String hubVersion,
        String schemaVersion,
        String sourceDataDir,
        List<DatabaseDump.Table> tables,
        List<DatabaseDump.Sequence> sequences,
        String index,
        String indexSha256,
        long files,
        long bytes,
        List<String> warnings) {
    static final int FORMAT = 1;
    static final String FILE = "backup.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One kept file: where it came from in the data directory and where it is in the backup. */
    record FileEntry(String path, String stored, long size, String sha256) {}

    /** Reads {@code backup.json} of {@code dir}; empty when there is none (no complete backup yet). */
    static Optional<BackupManifest> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try {
            BackupManifest m = JSON.readValue(Files.readAllBytes(file), BackupManifest.class);
            if (m.format() != FORMAT) {
                throw new IOException(file + " has format " + m.format() + "; this hub reads format " + FORMAT);
            }
            return Optional.of(m);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Replaces {@code backup.json} of {@code dir} atomically and durably: the commit point of a run. */
    void write(Path dir) throws IOException {
        DurableFiles.write(dir.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    /** Reads a file index, keyed by data-relative path. */
    static Map<String, FileEntry> readIndex(Path file) throws IOException {
        Map<String, FileEntry> out = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 4) {
                    throw new IOException(file.getFileName() + " line " + lineNo + " is malformed");
                }
                out.put(f[2], new FileEntry(f[2], f[3], Long.parseLong(f[1]), f[0]));
            }
        }
        return out;
    }

    /** One index line: {@code sha256 TAB size TAB path TAB stored}. */
    static String indexLine(FileEntry e) {
        return e.sha256() + '\t' + e.size() + '\t' + e.path() + '\t' + e.stored() + '\n';
    }

    /** Every file the manifest references (dumps and index first), for verification. */
    List<FileEntry> ownFiles() {
        List<FileEntry> out = new ArrayList<>();
        for (DatabaseDump.Table t : tables) {
            out.add(new FileEntry(t.file(), t.file(), t.bytes(), t.sha256()));
        }
        return out;
    }
}

package io.buddybork.recognition.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A CSV manifest of clips with the columns {@code path,label,split} (any order, extra columns
 * ignored; an optional {@code time} column gives capture instants as ISO-8601 or epoch
 * milliseconds, an optional {@code session} column (or {@code src_file}) names the recording a
 * clip was cut from). Relative paths resolve against the manifest's folder. {@code label=background} on
 * train rows marks unannotated data; a test label that is no training tag is an unknown sound.
 * Immutable.
 *
 * @param file the manifest file
 * @param rows the rows in file order
 */
public record Manifest(Path file, List<Row> rows) {

    /** Label of unannotated training rows. */
    public static final String BACKGROUND = "background";

    /** Train or test. */
    public enum Split {
        TRAIN,
        TEST
    }

    /**
     * One row.
     *
     * @param line 1-based line number in the file (the header is line 1)
     * @param path resolved audio path
     * @param label tag, or {@link #BACKGROUND}
     * @param split train or test
     * @param time capture instant, or {@code null}
     * @param session recording session the clip was cut from (clips of one session are kept in one
     *     calibration fold with {@code folds=SESSION}), or {@code null}: the clip is its own session
     */
    public record Row(int line, Path path, String label, Split split, Instant time, String session) {

        /** A row that is its own session. */
        public Row(int line, Path path, String label, Split split, Instant time) {
            this(line, path, label, split, time, null);
        }
    }

    /**
     * Reads and validates a manifest: columns present, fields non-empty, split valid, files
     * exist, at least one training tag.
     */
    public static Manifest read(Path file) throws ManifestException {
        return read(file, true);
    }

    /**
     * Reads and validates a manifest; {@code requireTrainingTags=false} accepts manifests with test
     * rows only (for scoring with an existing model).
     */
    public static Manifest read(Path file, boolean requireTrainingTags) throws ManifestException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ManifestException("manifest not found: " + file.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new ManifestException("cannot read manifest " + file + ": " + e, e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new ManifestException(file + ": empty manifest (expected a header path,label,split)");
        }
        String[] header = split(stripBom(lines.get(0)));
        int path = -1;
        int label = -1;
        int splitCol = -1;
        int time = -1;
        int session = -1;
        for (int i = 0; i < header.length; i++) {
            switch (header[i].trim().toLowerCase(Locale.ROOT)) {
                case "path" -> path = i;
                case "label" -> label = i;
                case "split" -> splitCol = i;
                case "time" -> time = i;
                case "session", "src_file" -> session = i;
                default -> {}
            }
        }
        List<String> missing = new ArrayList<>();
        if (path < 0) {
            missing.add("path");
        }
        if (label < 0) {
            missing.add("label");
        }
        if (splitCol < 0) {
            missing.add("split");
        }
        if (!missing.isEmpty()) {
            throw new ManifestException(file + " row 1 (header): missing column(s) " + String.join(", ", missing)
                    + "; found " + String.join(",", header));
        }
        Path base = file.toAbsolutePath().getParent();
        List<Row> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            int lineNo = n + 1;
            if (line.isBlank()) {
                continue;
            }
            String[] f = split(line);
            int need = Math.max(path, Math.max(label, Math.max(splitCol, time)));
            if (f.length <= need) {
                throw new ManifestException(file + " row " + lineNo + ": expected " + header.length + " fields, found "
                        + f.length + " in '" + line + "'");
            }
            String p = f[path].trim();
            String l = f[label].trim();
            String s = f[splitCol].trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty() || l.isEmpty()) {
                throw new ManifestException(file + " row " + lineNo + ": empty " + (p.isEmpty() ? "path" : "label"));
            }
            Split split = switch (s) {
                case "train" -> Split.TRAIN;
                case "test" -> Split.TEST;
                default ->
                    throw new ManifestException(file + " row " + lineNo + ": split must be train or test, found '"
                            + f[splitCol].trim() + "'");
            };
            if (split == Split.TEST && l.equals(BACKGROUND)) {
                // background on a test row is simply an unknown sound; allowed.
            }
            Path audio = Path.of(p);
            Path resolved = audio.isAbsolute() ? audio : base.resolve(audio).normalize();
            if (!Files.isRegularFile(resolved)) {
                throw new ManifestException(file + " row " + lineNo + ": audio file not found: " + resolved);
            }
            Instant at = null;
            if (time >= 0 && time < f.length && !f[time].isBlank()) {
                at = parseTime(f[time].trim(), file, lineNo);
            }
            String sessionName =
                    session >= 0 && session < f.length && !f[session].isBlank() ? l + "/" + f[session].trim() : null;
            rows.add(new Row(lineNo, resolved, l, split, at, sessionName));
        }
        Manifest m = new Manifest(file, List.copyOf(rows));
        if (m.rows().isEmpty()) {
            throw new ManifestException(file + ": no rows after the header");
        }
        if (requireTrainingTags && m.trainingTags().isEmpty()) {
            throw new ManifestException(
                    file + ": no training tags (need train rows with a label other than '" + BACKGROUND + "')");
        }
        return m;
    }

    private static Instant parseTime(String v, Path file, int line) throws ManifestException {
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(v));
            }
            return Instant.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ManifestException(file + " row " + line + ": time '" + v
                    + "' is neither ISO-8601 (2026-05-01T07:30:00Z) nor epoch milliseconds");
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** Splits a CSV line; supports double-quoted fields with "" escapes. */
    static String[] split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out.toArray(String[]::new);
    }

    /** Training tags in first-appearance order. */
    public List<String> trainingTags() {
        Set<String> tags = new LinkedHashSet<>();
        for (Row r : rows) {
            if (r.split() == Split.TRAIN && !r.label().equals(BACKGROUND)) {
                tags.add(r.label());
            }
        }
        return List.copyOf(tags);
    }

    /** Rows of one split. */
    public List<Row> rows(Split split) {
        return rows.stream().filter(r -> r.split() == split).toList();
    }

    /** Whether every row has a capture time. */
    public boolean hasTimes() {
        return !rows.isEmpty() && rows.stream().allMatch(r -> r.time() != null);
    }
}

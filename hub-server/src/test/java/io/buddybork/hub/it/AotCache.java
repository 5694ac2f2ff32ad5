package io.buddybork.hub.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A JDK AOT cache (JEP 483, {@code -XX:AOTCache}) for the JVMs the integration tests start over and
 * over (the packaged hub, the edge agent): the classes they load at start-up come already parsed
 * and linked, which cuts the CPU of a start by about a third. It only speeds up starts; what the
 * process does is the same with or without it (a cache that does not fit is ignored by the JVM).
 *
 * <p>Made during the run, in two steps: while no cache exists, one start at a time per test JVM
 * records its classes ({@code -XX:AOTMode=record}, written when that process exits normally), then a
 * background {@code -XX:AOTMode=create} turns the record into the cache, moved into place
 * atomically, which the starts after it use. Only when the system property {@code
 * buddybork.it.aot-dir} names a directory (the pom sets {@code target/it-aot}); without it, starts
 * get no options.
 */
public final class AotCache {
    private static final Map<String, AotCache> CACHES = new ConcurrentHashMap<>();

    private final Path java;
    private final Path jar;
    private final List<String> jvmOptions;
    private final Path cache;
    private final AtomicBoolean recording = new AtomicBoolean();

    private AotCache(Path java, Path jar, List<String> jvmOptions, Path cache) {
        this.java = java;
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.cache = cache;
    }

    /**
     * The cache of {@code java -<jvmOptions> -jar <jar>} (its name tells the JVM, the options, the
     * jar and the jar's size and time, so a rebuilt jar gets a new cache), or {@code null} when
     * caches are off or the jar is missing.
     */
    public static AotCache of(Path java, Path jar, List<String> jvmOptions) {
        String dir = System.getProperty("buddybork.it.aot-dir");
        if (dir == null || dir.isBlank() || !Files.isRegularFile(jar)) {
            return null;
        }
        String key;
        try {
            key = java.toAbsolutePath() + "\n" + jvmOptions + "\n" + jar.toAbsolutePath() + "\n" + Files.size(jar)
                    + "\n" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return null;
        }
        String name = jar.getFileName().toString().replaceAll("\\.jar$", "") + "-" + hash(key) + ".aot";
        Path cache = Path.of(dir).toAbsolutePath().resolve(name);
        return CACHES.computeIfAbsent(cache.toString(), k -> new AotCache(java, jar, jvmOptions, cache));
    }

    /** The options of one start; {@link Use#finished()} once that process has exited. */
    public Use use() {
        if (Files.isRegularFile(cache)) {
            return new Use(List.of("-XX:AOTCache=" + cache), null);
        }
        if (!recording.compareAndSet(false, true)) {
            return new Use(List.of(), null);
        }
        try {
            Files.createDirectories(cache.getParent());
            Path config = Files.createTempFile(cache.getParent(), "record-", ".aotconf");
            Files.delete(config); // the JVM writes it at exit
            return new Use(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + config), config);
        } catch (IOException e) {
            recording.set(false);
            return new Use(List.of(), null);
        }
    }

    /** What one start was given. */
    public final class Use {
        private final List<String> options;
        private final Path config;
        private boolean finished;

        private Use(List<String> options, Path config) {
            this.options = options;
            this.config = config;
        }

        /** JVM options to put before {@code -jar}. */
        public List<String> options() {
            return options;
        }

        /** After a process exited whose recording is not wanted: the next start records instead. */
        public synchronized void discard() {
            if (finished || config == null) {
                return;
            }
            finished = true;
            deleteQuietly(config);
            recording.set(false);
        }

        /**
         * After the process exited: a recording it wrote at a normal exit is turned into the cache in
         * the background; a process killed before it wrote one lets the next start record.
         */
        public synchronized void finished() {
            if (finished || config == null) {
                return;
            }
            finished = true;
            if (!isNonEmpty(config)) {
                deleteQuietly(config);
                recording.set(false);
                return;
            }
            Thread create = new Thread(() -> create(config), "aot-cache-create");
            create.setDaemon(true);
            create.start();
        }
    }

    private void create(Path config) {
        Path tmp = config.resolveSibling(config.getFileName().toString().replace(".aotconf", ".aot"));
        Path log = config.resolveSibling(config.getFileName().toString().replace(".aotconf", "-create.log"));
        try {
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(jvmOptions);
            command.addAll(List.of(
                    "-XX:AOTMode=create",
                    "-XX:AOTConfiguration=" + config,
                    "-XX:AOTCache=" + tmp,
                    "-jar",
                    jar.toString()));
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0 && isNonEmpty(tmp)) {
                Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                deleteQuietly(log);
            } else {
                p.destroyForcibly();
                recording.set(false);
            }
        } catch (IOException e) {
            recording.set(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(config);
            deleteQuietly(tmp);
        }
    }

    private static boolean isNonEmpty(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover in target/
        }
    }

    private static String hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

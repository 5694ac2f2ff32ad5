package io.buddybork.hub.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives each test application start its own empty data directory under {@code target/}, so that
 * files left by earlier runs (whose rows may live in another database) never meet this run.
 */
@WithTestResource(value = FreshDataDir.class, scope = TestResourceScope.GLOBAL)
public class FreshDataDir implements QuarkusTestResourceLifecycleManager {
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(Path.of("target"));
            dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-data-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("buddybork.data-dir", dir.toString());
    }

    @Override
    public void stop() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: target/ is cleaned by the build anyway
        }
    }
}

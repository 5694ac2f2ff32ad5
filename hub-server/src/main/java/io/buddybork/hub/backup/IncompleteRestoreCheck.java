package io.buddybork.hub.backup;

import io.buddybork.hub.config.HubConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Refuses to start a hub on a data directory whose restore did not complete (it holds
 * {@link BackupRestorer#INCOMPLETE_MARKER}): the directory and the database may be empty or hold
 * part of a backup, and a hub started on them would look like a fresh one and take new data. The
 * refusal quotes the marker, which says how to recover. Runs at start-up before the database is
 * migrated. Stateless.
 */
@ApplicationScoped
public class IncompleteRestoreCheck {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 5) StartupEvent event, HubConfig config) {
        problem(config.dataDir().toAbsolutePath().normalize()).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
    }

    /** Why a hub may not start on {@code dataDir}, if it may not. */
    static Optional<String> problem(Path dataDir) {
        Path marker = dataDir.resolve(BackupRestorer.INCOMPLETE_MARKER);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(marker, StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "(cannot read it: " + e.getMessage() + ")";
        }
        return Optional.of("The hub does not start: " + marker + " says a restore did not complete.\n" + text);
    }
}

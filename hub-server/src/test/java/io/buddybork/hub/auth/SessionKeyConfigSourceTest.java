package io.buddybork.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session key is generated once into the data root, reused after restarts, and never overrides configuration. */
class SessionKeyConfigSourceTest {

    @TempDir
    Path dataDir;

    @Test
    void keyIsGeneratedOnFirstUseAndReadBackAfterARestart() throws Exception {
        ConfigSource first = only(new SessionKeyConfigSourceFactory()
                .getConfigSources(context(Map.of("buddybork.data-dir", dataDir.toString()))));
        Path file = dataDir.resolve("secrets/session.key");
        assertThat(first.getPropertyNames()).isEmpty(); // never listed, so a build cannot bake it in
        assertThat(file).doesNotExist();
        String key = first.getValue(SessionKeyConfigSourceFactory.KEY_PROPERTY);
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(first.getValue("quarkus.other")).isNull();

        ConfigSource restarted = only(new SessionKeyConfigSourceFactory()
                .getConfigSources(context(Map.of("buddybork.data-dir", dataDir.toString()))));
        assertThat(restarted.getValue(SessionKeyConfigSourceFactory.KEY_PROPERTY))
                .isEqualTo(key);
        assertThat(restarted.getOrdinal()).isLessThan(250);
    }

    @Test
    void aConfiguredKeyWinsAndNothingIsWritten() {
        Iterable<ConfigSource> sources = new SessionKeyConfigSourceFactory()
                .getConfigSources(context(Map.of(
                        "buddybork.data-dir",
                        dataDir.toString(),
                        SessionKeyConfigSourceFactory.KEY_PROPERTY,
                        "configured-key-of-enough-length-123")));
        assertThat(sources).isEmpty();
        assertThat(dataDir.resolve("secrets")).doesNotExist();
    }

    private static ConfigSource only(Iterable<ConfigSource> sources) {
        Iterator<ConfigSource> it = sources.iterator();
        ConfigSource s = it.next();
        assertThat(it.hasNext()).isFalse();
        return s;
    }

    private static ConfigSourceContext context(Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                String v = values.get(name);
                return v == null
                        ? null
                        : ConfigValue.builder().withName(name).withValue(v).build();
            }

            @Override
            public List<String> getProfiles() {
                return List.of();
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }
        };
    }
}

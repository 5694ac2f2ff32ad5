package io.buddybork.hub.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stored passwords are bcrypt cost 12 unless configured otherwise (test runs use a lower one). */
class UserConfigTest {

    private static UserConfig with(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 300))
                .withMapping(UserConfig.class)
                .withValidateUnknown(false)
                .build();
        return config.getConfigMapping(UserConfig.class);
    }

    @Test
    void theDefaultCostIs12() {
        assertThat(with(Map.of()).bcryptCost()).isEqualTo(12).isEqualTo(UserConfig.WEAK_COST);
    }

    @Test
    void aConfiguredCostIsUsed() {
        assertThat(with(Map.of("buddybork.users.bcrypt-cost", "4")).bcryptCost())
                .isEqualTo(4);
    }
}

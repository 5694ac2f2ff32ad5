package io.buddybork.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MqttClientIdTest {

    @Test
    void withoutASettingEachHubInstanceGetsItsOwnClientId() {
        String a = MqttBridge.clientId(Optional.empty(), "buddybork/home 1", "hub-a-8080");
        String b = MqttBridge.clientId(Optional.empty(), "buddybork/home 1", "hub-b-8080");

        assertThat(a).isEqualTo("buddybork-buddybork_home_1-hub-a-8080");
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void anExplicitClientIdIsKeptAsItIs() {
        assertThat(MqttBridge.clientId(Optional.of("my-hub"), "buddybork", "hub-a-8080"))
                .isEqualTo("my-hub");
        assertThat(MqttBridge.clientId(Optional.of("  "), "buddybork", "hub-a-8080"))
                .isEqualTo("buddybork-buddybork-hub-a-8080");
    }
}

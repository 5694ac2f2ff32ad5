package io.buddybork.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.notify.NotifyRepository.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Discovery configs: two entities per device and per device and tag, all valid against the documented schema. */
class HomeAssistantTest {

    @Test
    void everyDeviceAndTagGetsABinarySensorAndACounterThatValidate() throws Exception {
        HomeAssistant ha = new HomeAssistant("buddy/bork", "homeassistant");
        var configs = ha.configs(
                List.of(new Named(1, "Garden"), new Named(2, "Hall \"east\"")),
                List.of(new Named(7, "bark"), new Named(8, "howl")));
        assertThat(configs).hasSize(2 * (1 + 2) * 2);
        assertThat(configs).containsKey("homeassistant/binary_sensor/buddy_bork_device_1/tag_7_bark/config");
        assertThat(configs).containsKey("homeassistant/sensor/buddy_bork_device_2/any_episodes/config");
        ObjectMapper json = new ObjectMapper();
        Map<String, String> payloads = new LinkedHashMap<>();
        for (var e : configs.entrySet()) {
            payloads.put(e.getKey(), json.writeValueAsString(e.getValue()));
        }
        DiscoverySchema.validate("homeassistant", "buddy/bork", payloads);
        assertThat(ha.stateTopic(1, 7L)).isEqualTo("buddy/bork/device_1/tag_7/state");
        assertThat(ha.countTopic(1, null)).isEqualTo("buddy/bork/device_1/any/episodes");
    }
}

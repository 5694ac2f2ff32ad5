package io.buddybork.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Home Assistant discovery schema documented in docs/operations.md ("Home Assistant discovery
 * schema"), checked field by field against every published config.
 */
public final class DiscoverySchema {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiscoverySchema() {}

    /** Asserts that every topic -> payload pair is a valid config and that unique ids are unique. */
    public static void validate(String discoveryPrefix, String topicPrefix, Map<String, String> configs)
            throws Exception {
        Set<String> uniqueIds = new HashSet<>();
        Pattern topic = Pattern.compile(
                Pattern.quote(discoveryPrefix) + "/(binary_sensor|sensor)/([A-Za-z0-9_-]+)/([A-Za-z0-9_-]+)/config");
        for (var e : configs.entrySet()) {
            var m = topic.matcher(e.getKey());
            assertThat(m.matches()).as("config topic %s", e.getKey()).isTrue();
            JsonNode c = JSON.readTree(e.getValue());
            String where = e.getKey();
            text(c, "name", where);
            assertThat(ID.matcher(text(c, "unique_id", where)).matches())
                    .as(where + " unique_id")
                    .isTrue();
            assertThat(uniqueIds.add(c.get("unique_id").asText()))
                    .as(where + " unique_id is unique")
                    .isTrue();
            String state = text(c, "state_topic", where);
            assertThat(state).as(where).startsWith(topicPrefix + "/").doesNotContain("+", "#");
            assertThat(text(c, "availability_topic", where)).isEqualTo(topicPrefix + "/status");
            assertThat(text(c, "payload_available", where)).isEqualTo("online");
            assertThat(text(c, "payload_not_available", where)).isEqualTo("offline");
            JsonNode device = c.get("device");
            assertThat(device).as(where + " device").isNotNull();
            assertThat(device.get("identifiers").isArray())
                    .as(where + " device.identifiers")
                    .isTrue();
            assertThat(device.get("identifiers"))
                    .as(where + " device.identifiers")
                    .isNotEmpty();
            device.get("identifiers").forEach(i -> assertThat(i.isTextual()).isTrue());
            text(device, "name", where + " device");
            text(device, "manufacturer", where + " device");
            text(device, "model", where + " device");
            if (m.group(1).equals("binary_sensor")) {
                assertThat(text(c, "payload_on", where)).isEqualTo("ON");
                assertThat(text(c, "payload_off", where)).isEqualTo("OFF");
            } else {
                assertThat(text(c, "state_class", where)).isEqualTo("total_increasing");
            }
            assertThat(m.group(2)).isEqualTo(device.get("identifiers").get(0).asText());
        }
    }

    private static String text(JsonNode c, String field, String where) {
        JsonNode v = c.get(field);
        assertThat(v).as("%s: %s", where, field).isNotNull();
        assertThat(v.isTextual()).as("%s: %s is a string", where, field).isTrue();
        assertThat(v.asText()).as("%s: %s", where, field).isNotBlank();
        return v.asText();
    }
}

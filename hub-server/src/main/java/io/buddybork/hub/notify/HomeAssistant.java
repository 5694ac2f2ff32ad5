package io.buddybork.hub.notify;

import io.buddybork.hub.notify.NotifyRepository.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Topic names of the hub's MQTT tree and the Home Assistant discovery configs (docs/operations.md
 * has the schema): per device a binary sensor "bark detected" and an "episodes" counter for any
 * tag, and one of each for every tag on that device. Immutable and thread-safe.
 */
public final class HomeAssistant {
    /** Availability payloads. */
    public static final String ONLINE = "online";

    public static final String OFFLINE = "offline";
    /** Binary sensor payloads. */
    public static final String ON = "ON";

    public static final String OFF = "OFF";

    private final String prefix;
    private final String discoveryPrefix;
    private final String idPrefix;

    HomeAssistant(String prefix, String discoveryPrefix) {
        this.prefix = prefix;
        this.discoveryPrefix = discoveryPrefix;
        // node and object ids allow [a-zA-Z0-9_-] only
        this.idPrefix = prefix.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** Retained {@code online}/{@code offline} (the last will). */
    public String availabilityTopic() {
        return prefix + "/status";
    }

    /** Episode start and end events, JSON, not retained. */
    public String episodeTopic() {
        return prefix + "/episode";
    }

    /** Retained {@code ON}/{@code OFF} of {@code tagId} on the device ({@code null}: any tag). */
    public String stateTopic(long deviceId, Long tagId) {
        return base(deviceId, tagId) + "/state";
    }

    /** Retained episode count of {@code tagId} on the device ({@code null}: any tag). */
    public String countTopic(long deviceId, Long tagId) {
        return base(deviceId, tagId) + "/episodes";
    }

    private String base(long deviceId, Long tagId) {
        return prefix + "/device_" + deviceId + "/" + (tagId == null ? "any" : "tag_" + tagId);
    }

    /** Every discovery config topic and its retained JSON payload, for these devices and tags. */
    public Map<String, Map<String, Object>> configs(List<Named> devices, List<Named> tags) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Named d : devices) {
            String node = idPrefix + "_device_" + d.id();
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("identifiers", List.of(node));
            device.put("name", d.name());
            device.put("manufacturer", "Buddybork");
            device.put("model", "Buddybork capture device");
            entity(out, node, "any", d.id(), null, "Bark detected", "Bark episodes", device);
            for (Named t : tags) {
                entity(
                        out,
                        node,
                        "tag_" + t.id(),
                        d.id(),
                        t.id(),
                        t.name() + " detected",
                        t.name() + " episodes",
                        device);
            }
        }
        return out;
    }

    private void entity(
            Map<String, Map<String, Object>> out,
            String node,
            String object,
            long deviceId,
            Long tagId,
            String sensorName,
            String counterName,
            Map<String, Object> device) {
        Map<String, Object> binary = new LinkedHashMap<>();
        binary.put("name", sensorName);
        binary.put("unique_id", node + "_" + object + "_bark");
        binary.put("state_topic", stateTopic(deviceId, tagId));
        binary.put("availability_topic", availabilityTopic());
        binary.put("payload_available", ONLINE);
        binary.put("payload_not_available", OFFLINE);
        binary.put("payload_on", ON);
        binary.put("payload_off", OFF);
        binary.put("device_class", "sound");
        binary.put("device", device);
        out.put(discoveryPrefix + "/binary_sensor/" + node + "/" + object + "_bark/config", binary);

        Map<String, Object> counter = new LinkedHashMap<>();
        counter.put("name", counterName);
        counter.put("unique_id", node + "_" + object + "_episodes");
        counter.put("state_topic", countTopic(deviceId, tagId));
        counter.put("availability_topic", availabilityTopic());
        counter.put("payload_available", ONLINE);
        counter.put("payload_not_available", OFFLINE);
        counter.put("state_class", "total_increasing");
        counter.put("unit_of_measurement", "episodes");
        counter.put("icon", "mdi:dog");
        counter.put("device", device);
        out.put(discoveryPrefix + "/sensor/" + node + "/" + object + "_episodes/config", counter);
    }
}

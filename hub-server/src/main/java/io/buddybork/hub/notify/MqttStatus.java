package io.buddybork.hub.notify;

/**
 * The MQTT connection as the admin and health see it: the broker URL with secrets masked, whether
 * the hub is connected now, and the last connection error (null while fine).
 */
public record MqttStatus(
        boolean configured,
        String url,
        boolean connected,
        String topicPrefix,
        boolean discovery,
        String discoveryPrefix,
        String presenceTopic,
        String lastError,
        Long connectedSinceMs) {}

package io.buddybork.edge.config;

/** A configuration value is missing or wrong; the message names the setting and where it came from. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}

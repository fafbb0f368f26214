package dev.keel.boot;

/** A setting that stops start-up: the message is one line naming the key, what is wrong and the fix. */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}

package io.shopwatch.config.change;

/** Sends one message and returns once the broker has it; throws when it could not. */
@FunctionalInterface
public interface OutboxSender {

    void send(String topic, String key, byte[] value) throws Exception;
}

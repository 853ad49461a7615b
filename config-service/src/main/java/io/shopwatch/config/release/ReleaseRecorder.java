package io.shopwatch.config.release;

/**
 * Told about every change of what a target serves inside its transaction (the outbox writes its messages there, so
 * they commit or roll back with the change). Throwing rolls the change back.
 */
@FunctionalInterface
public interface ReleaseRecorder {

    void record(ReleaseEvent event);
}

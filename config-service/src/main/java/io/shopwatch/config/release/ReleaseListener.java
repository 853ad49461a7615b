package io.shopwatch.config.release;

/** Told about every move of a pointer once it is durable (change events, audit). Must not throw. */
@FunctionalInterface
public interface ReleaseListener {

    void moved(ReleaseEvent event);
}

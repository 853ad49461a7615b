package io.shopwatch.config.release;

/**
 * Decides whether a draft may be published by this caller: throws to refuse, nothing is stored then. The validation
 * gate and the approval rule are gates.
 */
@FunctionalInterface
public interface PublishGate {

    void check(Draft draft, String publisher);
}

package io.shopwatch.common.event;

/**
 * The stream names ShopWatch accepts on its own APIs (a stricter subset of what OpenObserve stores, so that a name is
 * also a plain SQL identifier). OpenObserve's normalisation itself is
 * {@link io.shopwatch.common.openobserve.OpenObserveNames#streamName}.
 */
public final class StreamNames {

    /** Letters, digits and underscores, starting with a letter, at most 128 characters. */
    public static final String PATTERN = "[a-zA-Z][a-zA-Z0-9_]{0,127}";

    private StreamNames() {}
}

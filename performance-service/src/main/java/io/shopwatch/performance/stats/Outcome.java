package io.shopwatch.performance.stats;

import java.util.Locale;

/** How the frontend answered one read. */
public enum Outcome {
    /** From the results cache; the store was not asked. */
    HIT,
    /**
     * From the short-lived fresh-result cache: an identical read whose range reaches into the freshness window was
     * answered less than {@code fresh-ttl} ago (and no stored record has fallen into its range since); the store was
     * not asked.
     */
    FRESH_HIT,
    /** Asked the store (and cached the answer when it could). */
    MISS,
    /**
     * A histogram query split at bucket boundaries, or an aggregate query merged from pieces: some pieces came from the
     * cache, the others from the store.
     */
    PARTIAL,
    /** Waited for an identical query in flight and got its answer. */
    COALESCED,
    /** The caller asked not to use the cache ({@code Cache-Control: no-cache}, {@code use_cache=false}). */
    BYPASS,
    /** Sent to the store unchanged: other credentials than the frontend's, or a read the frontend does not cache. */
    PASS_THROUGH,
    /** Refused with 429: the org had too many queries in flight. */
    REJECTED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

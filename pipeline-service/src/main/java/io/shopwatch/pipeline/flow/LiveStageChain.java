package io.shopwatch.pipeline.flow;

import java.util.function.Supplier;

/**
 * The stage chain in force, replaced as a whole when the stage settings change at runtime. A new chain is built and
 * checked completely before it is handed over, so an invalid set never replaces the running one; {@link
 * BatchProcessor} reads the chain once per batch, so a batch in progress finishes with the chain it started with and
 * the next batch runs the new one.
 */
public final class LiveStageChain implements Supplier<StageChain> {

    private volatile StageChain current;
    private volatile long version;

    public LiveStageChain(StageChain initial) {
        this.current = initial;
    }

    @Override
    public StageChain get() {
        return current;
    }

    /** Puts {@code next} in force for every batch that starts from now on. */
    public synchronized void replace(StageChain next) {
        current = next;
        version++;
    }

    /** How many times the chain was replaced since start. */
    public long version() {
        return version;
    }
}

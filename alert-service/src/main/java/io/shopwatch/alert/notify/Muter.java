package io.shopwatch.alert.notify;

import io.shopwatch.alert.core.LabelSet;

/** Tells whether an alert is muted (by a silence, an inhibition). */
@FunctionalInterface
public interface Muter {

    Muter NEVER = labels -> false;

    boolean mutes(LabelSet labels);
}

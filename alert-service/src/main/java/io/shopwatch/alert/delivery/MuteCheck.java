package io.shopwatch.alert.delivery;

import io.shopwatch.alert.core.LabelSet;

/** Tells whether an alert is muted (by a silence, an inhibition). */
@FunctionalInterface
public interface MuteCheck {

    MuteCheck NEVER = labels -> false;

    boolean mutes(LabelSet labels);
}

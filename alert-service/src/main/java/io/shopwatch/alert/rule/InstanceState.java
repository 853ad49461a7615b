package io.shopwatch.alert.rule;

/** The states of one alert instance of a rule. */
public enum InstanceState {
    /** The condition does not hold (instances in this state are not kept). */
    INACTIVE,
    /** The condition holds, for less than the rule's {@code for}. */
    PENDING,
    /** The alert fires (also while kept firing by {@code keep_firing_for}). */
    FIRING,
    /** The alert stopped firing; kept for a while so that its resolution is re-sent and reported. */
    RESOLVED
}

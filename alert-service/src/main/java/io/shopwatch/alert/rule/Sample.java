package io.shopwatch.alert.rule;

import io.shopwatch.alert.core.LabelSet;

/** One value of a rule evaluation, for one set of group labels. */
public record Sample(LabelSet labels, double value) {}

package io.shopwatch.alert.inhibit;

import io.shopwatch.alert.matcher.Matchers;
import java.util.List;

/**
 * An inhibition rule: a firing alert matching {@code source} mutes alerts matching {@code target} that have the same
 * values (a missing label counts as empty) for every label in {@code equal}.
 */
public record InhibitRule(Matchers source, Matchers target, List<String> equal) {

    public InhibitRule {
        equal = List.copyOf(equal);
    }
}

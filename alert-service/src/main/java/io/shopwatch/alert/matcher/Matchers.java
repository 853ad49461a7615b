package io.shopwatch.alert.matcher;

import io.shopwatch.alert.core.LabelSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** A list of matchers that all must match. */
public record Matchers(List<Matcher> list) {

    public static final Matchers NONE = new Matchers(List.of());

    public Matchers {
        list = List.copyOf(list);
    }

    /** Matchers sorted as Alertmanager sorts a route's matchers (name, value, type). */
    public static Matchers sorted(Collection<Matcher> matchers) {
        List<Matcher> copy = new ArrayList<>(matchers);
        Collections.sort(copy);
        return new Matchers(copy);
    }

    public boolean matches(LabelSet labels) {
        for (Matcher m : list) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** {@code {a="b",c=~"d"}} as in Alertmanager's route keys. */
    @Override
    public String toString() {
        return list.stream().map(Matcher::toString).collect(Collectors.joining(",", "{", "}"));
    }
}

package io.shopwatch.config.release;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Key-level difference between two snapshots: keys added, removed and changed, with values passed through a mask (so
 * that secrets never leave in clear).
 */
public record ReleaseDiff(
        SortedMap<String, Object> added, SortedMap<String, Object> removed, SortedMap<String, Change> changed) {

    /** A changed key's value before and after. */
    public record Change(Object from, Object to) {}

    /** What changed from {@code from} to {@code to}; {@code mask} is applied to every value shown. */
    public static ReleaseDiff between(Map<String, Object> from, Map<String, Object> to, UnaryOperator<Object> mask) {
        SortedMap<String, Object> added = new TreeMap<>();
        SortedMap<String, Object> removed = new TreeMap<>();
        SortedMap<String, Change> changed = new TreeMap<>();
        to.forEach((key, value) -> {
            if (!from.containsKey(key)) {
                added.put(key, mask.apply(value));
            } else if (!sameValue(from.get(key), value)) {
                changed.put(key, new Change(mask.apply(from.get(key)), mask.apply(value)));
            }
        });
        from.forEach((key, value) -> {
            if (!to.containsKey(key)) {
                removed.put(key, mask.apply(value));
            }
        });
        return new ReleaseDiff(added, removed, changed);
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }

    /** Whether nothing changed. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** One line for change events and audit entries: {@code +2 -0 ~1 (a.b, c.d, e)}. */
    public String summary() {
        TreeMap<String, Object> keys = new TreeMap<>(added);
        keys.putAll(removed);
        keys.putAll(changed);
        String names = String.join(", ", keys.keySet());
        return "+" + added.size() + " -" + removed.size() + " ~" + changed.size()
                + (names.isEmpty() ? "" : " (" + (names.length() > 500 ? names.substring(0, 500) + "…" : names) + ")");
    }
}

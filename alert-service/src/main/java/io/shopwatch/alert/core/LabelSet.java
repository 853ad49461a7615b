package io.shopwatch.alert.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A set of labels: the identity of an alert. Names are sorted in Go's byte order; the fingerprint is Prometheus'
 * 64-bit FNV-1a over {@code name 0xFF value 0xFF} for every label, printed as 16 hex digits.
 */
public final class LabelSet implements Comparable<LabelSet> {

    public static final LabelSet EMPTY = new LabelSet(new TreeMap<>(AlertmanagerStrings.CODE_POINT_ORDER));

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final byte SEPARATOR = (byte) 0xFF;

    private final SortedMap<String, String> labels;
    private final long fingerprint;
    private String text;

    private LabelSet(SortedMap<String, String> labels) {
        this.labels = Collections.unmodifiableSortedMap(labels);
        this.fingerprint = hash(labels);
    }

    /** A label set of the given labels; empty values are dropped, as Alertmanager does on input. */
    public static LabelSet of(Map<String, String> labels) {
        TreeMap<String, String> sorted = new TreeMap<>(AlertmanagerStrings.CODE_POINT_ORDER);
        labels.forEach((name, value) -> {
            if (name != null && value != null && !value.isEmpty()) {
                sorted.put(name, value);
            }
        });
        return sorted.isEmpty() ? EMPTY : new LabelSet(sorted);
    }

    /** A label set from alternating names and values. */
    public static LabelSet of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        TreeMap<String, String> map = new TreeMap<>(AlertmanagerStrings.CODE_POINT_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return of(map);
    }

    private static long hash(Map<String, String> labels) {
        long h = FNV_OFFSET;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            h = add(h, e.getKey().getBytes(StandardCharsets.UTF_8));
            h = (h ^ (SEPARATOR & 0xFF)) * FNV_PRIME;
            h = add(h, e.getValue().getBytes(StandardCharsets.UTF_8));
            h = (h ^ (SEPARATOR & 0xFF)) * FNV_PRIME;
        }
        return h;
    }

    private static long add(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** The 64-bit fingerprint. */
    public long fingerprint() {
        return fingerprint;
    }

    /** The fingerprint as Alertmanager prints it: 16 lower-case hex digits. */
    public String fingerprintHex() {
        return hex(fingerprint);
    }

    public static String hex(long fingerprint) {
        String s = Long.toHexString(fingerprint);
        return "0".repeat(16 - s.length()) + s;
    }

    /** The value of a label, the empty string when absent (Alertmanager treats both alike). */
    public String get(String name) {
        String value = labels.get(name);
        return value == null ? "" : value;
    }

    public boolean has(String name) {
        return labels.containsKey(name);
    }

    public Map<String, String> asMap() {
        return labels;
    }

    public int size() {
        return labels.size();
    }

    public boolean isEmpty() {
        return labels.isEmpty();
    }

    /** Only the labels with the given names. */
    public LabelSet restrict(Collection<String> names) {
        TreeMap<String, String> out = new TreeMap<>(AlertmanagerStrings.CODE_POINT_ORDER);
        for (String name : names) {
            String value = labels.get(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out.isEmpty() ? EMPTY : new LabelSet(out);
    }

    /** This set with one label added or replaced. */
    public LabelSet with(String name, String value) {
        TreeMap<String, String> out = new TreeMap<>(labels);
        out.put(name, value);
        return of(out);
    }

    /** This set merged with another; the other's values win. */
    public LabelSet merge(Map<String, String> other) {
        TreeMap<String, String> out = new TreeMap<>(labels);
        out.putAll(other);
        return of(out);
    }

    /** The labels with equal values in every set. */
    public static LabelSet common(Collection<LabelSet> sets) {
        Iterator<LabelSet> it = sets.iterator();
        if (!it.hasNext()) {
            return EMPTY;
        }
        TreeMap<String, String> out = new TreeMap<>(it.next().labels);
        while (it.hasNext()) {
            LabelSet next = it.next();
            out.entrySet().removeIf(e -> !e.getValue().equals(next.labels.get(e.getKey())));
        }
        return of(out);
    }

    /** Go's {@code model.LabelSet.String()}: {@code {a="b", c="d"}}, pairs sorted as strings. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            List<String> pairs = new ArrayList<>(labels.size());
            labels.forEach((k, v) -> pairs.add(k + "=" + AlertmanagerStrings.quote(v)));
            pairs.sort(AlertmanagerStrings.CODE_POINT_ORDER);
            t = "{" + String.join(", ", pairs) + "}";
            text = t;
        }
        return t;
    }

    /** Prometheus' {@code LabelSet.Before}: label by label, names then values; a prefix sorts first. */
    @Override
    public int compareTo(LabelSet other) {
        Iterator<Map.Entry<String, String>> a = labels.entrySet().iterator();
        Iterator<Map.Entry<String, String>> b = other.labels.entrySet().iterator();
        while (a.hasNext() && b.hasNext()) {
            Map.Entry<String, String> x = a.next();
            Map.Entry<String, String> y = b.next();
            int c = AlertmanagerStrings.CODE_POINT_ORDER.compare(x.getKey(), y.getKey());
            if (c != 0) {
                return c;
            }
            c = AlertmanagerStrings.CODE_POINT_ORDER.compare(x.getValue(), y.getValue());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(a.hasNext(), b.hasNext());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSet other && fingerprint == other.fingerprint && labels.equals(other.labels);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint);
    }
}

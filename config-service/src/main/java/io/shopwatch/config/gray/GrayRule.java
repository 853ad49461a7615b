package io.shopwatch.config.gray;

import io.shopwatch.common.web.ShopWatchException;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which instances get a gray release: those named in {@code instances}, and those carrying every label of
 * {@code labels} (with the same value). At least one of the two is given.
 */
public record GrayRule(SortedSet<String> instances, SortedMap<String, String> labels) {

    public GrayRule {
        instances = new TreeSet<>(instances == null ? Set.of() : instances);
        labels = new TreeMap<>(labels == null ? Map.of() : labels);
        if (instances.isEmpty() && labels.isEmpty()) {
            throw ShopWatchException.invalid("a gray release needs instances or labels to choose its instances");
        }
        if (instances.stream().anyMatch(String::isBlank)
                || labels.keySet().stream().anyMatch(String::isBlank)) {
            throw ShopWatchException.invalid("instance ids and label names must not be blank");
        }
    }

    /** Whether the instance is chosen. */
    public boolean matches(Instance instance) {
        if (instance.id() != null && instances.contains(instance.id())) {
            return true;
        }
        return !labels.isEmpty()
                && labels.entrySet().stream()
                        .allMatch(l -> l.getValue().equals(instance.labels().get(l.getKey())));
    }
}

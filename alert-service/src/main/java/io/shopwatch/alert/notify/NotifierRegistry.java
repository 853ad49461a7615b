package io.shopwatch.alert.notify;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The notifiers known to this service, by type. */
public final class NotifierRegistry {

    private final Map<String, Notifier> byType = new TreeMap<>();

    public NotifierRegistry(Collection<? extends Notifier> notifiers) {
        for (Notifier n : notifiers) {
            if (byType.put(n.type(), n) != null) {
                throw new IllegalStateException("two notifiers for type " + n.type());
            }
        }
    }

    public Optional<Notifier> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public Set<String> types() {
        return byType.keySet();
    }
}

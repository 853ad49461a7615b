package io.shopwatch.alert.notify;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The notifiers known to this service, by type. */
public final class NotifierRegistry {

    private final Map<String, Notifier> byType = new TreeMap<>();

    private final Map<String, ChannelTraits> traits = new TreeMap<>();

    public NotifierRegistry(Collection<? extends Notifier> notifiers) {
        for (Notifier n : notifiers) {
            if (byType.put(n.type(), n) != null) {
                throw new IllegalStateException("two notifiers for type " + n.type());
            }
            ChannelTraits t = n.traits();
            if (!t.type().equals(n.type())) {
                throw new IllegalStateException("notifier " + n.type() + " declares the traits of " + t.type());
            }
            traits.put(n.type(), t);
        }
    }

    public Optional<Notifier> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public Set<String> types() {
        return byType.keySet();
    }

    /** The traits of a type, or none when no notifier serves it. */
    public Optional<ChannelTraits> traits(String type) {
        return Optional.ofNullable(traits.get(type));
    }

    /** Every channel's traits, by type. */
    public Map<String, ChannelTraits> allTraits() {
        return Collections.unmodifiableMap(traits);
    }

    /** Each channel's secret settings (type → setting paths), for the secret redactor. */
    public Map<String, Set<String>> secretSettings() {
        Map<String, Set<String>> out = new TreeMap<>();
        traits.forEach((type, t) -> out.put(type, t.secretSettings()));
        return Collections.unmodifiableMap(out);
    }

    /** The types whose backlog for one integration goes out as one digest. */
    public Set<String> digestTypes() {
        return traits.values().stream()
                .filter(ChannelTraits::digests)
                .map(ChannelTraits::type)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}

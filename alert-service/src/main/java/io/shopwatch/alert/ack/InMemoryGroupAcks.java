package io.shopwatch.alert.ack;

import io.shopwatch.alert.notify.NotificationExtras.Ack;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Acknowledgements in memory (simulations and tests). */
public final class InMemoryGroupAcks implements GroupAcks {

    private final Map<String, Ack> acks = new ConcurrentHashMap<>();

    @Override
    public Optional<Ack> get(String org, String groupId, Instant now) {
        return Optional.ofNullable(acks.get(org + "/" + groupId))
                .filter(a -> a.expiresAt().isAfter(now));
    }

    @Override
    public void put(String org, String groupId, String groupKey, Ack ack) {
        acks.put(org + "/" + groupId, ack);
    }

    @Override
    public boolean clear(String org, String groupId) {
        return acks.remove(org + "/" + groupId) != null;
    }
}

package io.shopwatch.alert.ack;

import io.shopwatch.alert.notify.NotificationExtras.Ack;
import java.time.Instant;
import java.util.Optional;

/** Acknowledgements of alert groups: while one is in force, repeat notifications and escalation stop. */
public interface GroupAcks {

    GroupAcks NONE = new GroupAcks() {
        @Override
        public Optional<Ack> get(String org, String groupId, Instant now) {
            return Optional.empty();
        }

        @Override
        public void put(String org, String groupId, String groupKey, Ack ack) {}

        @Override
        public boolean clear(String org, String groupId) {
            return false;
        }
    };

    /** The acknowledgement in force at {@code now}. */
    Optional<Ack> get(String org, String groupId, Instant now);

    /** Records (or replaces) an acknowledgement. */
    void put(String org, String groupId, String groupKey, Ack ack);

    /** Removes an acknowledgement (withdrawn, or its group resolved); returns whether there was one. */
    boolean clear(String org, String groupId);
}

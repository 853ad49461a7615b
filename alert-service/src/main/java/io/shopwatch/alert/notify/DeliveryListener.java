package io.shopwatch.alert.notify;

import java.time.Duration;

/** Told about every notification outcome (metrics, logs, tests). */
public interface DeliveryListener {

    DeliveryListener NONE = new DeliveryListener() {};

    /** A notification was delivered after {@code attempts} attempts. */
    default void delivered(NflogKey key, NotificationReason reason, int alerts, int attempts, Duration took) {}

    /** A notification failed for good in this flush; it is tried again at the group's next tick. */
    default void failed(NflogKey key, String error, int attempts) {}

    /** A notification was withdrawn undelivered: a configuration change routed its alerts elsewhere. */
    default void withdrawn(NflogKey key) {}
}

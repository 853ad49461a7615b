package io.shopwatch.alert.delivery;

import io.shopwatch.alert.notificationlog.NotificationLogKey;
import io.shopwatch.alert.notify.NotificationReason;
import java.time.Duration;

/** Told about every notification outcome (metrics, logs, tests). */
public interface DeliveryListener {

    DeliveryListener NONE = new DeliveryListener() {};

    /** A notification was delivered after {@code attempts} attempts. */
    default void delivered(
            NotificationLogKey key, NotificationReason reason, int alerts, int attempts, Duration took) {}

    /** A notification failed for good in this flush; it is tried again at the group's next tick. */
    default void failed(NotificationLogKey key, String error, int attempts) {}

    /** A notification was withdrawn undelivered: a configuration change routed its alerts elsewhere. */
    default void withdrawn(NotificationLogKey key) {}
}

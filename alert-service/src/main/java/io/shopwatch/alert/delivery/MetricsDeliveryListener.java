package io.shopwatch.alert.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopwatch.alert.notificationlog.NotificationLogKey;
import io.shopwatch.alert.notify.NotificationReason;
import java.time.Duration;

/** Counts notification outcomes per integration type and reason, and times deliveries. */
public final class MetricsDeliveryListener implements DeliveryListener {

    private final MeterRegistry registry;

    public MetricsDeliveryListener(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void delivered(NotificationLogKey key, NotificationReason reason, int alerts, int attempts, Duration took) {
        Counter.builder("shopwatch.alert.notifications")
                .description("notifications by outcome")
                .tag("integration", key.integration())
                .tag("reason", reason.text())
                .tag("outcome", "delivered")
                .register(registry)
                .increment();
        Timer.builder("shopwatch.alert.notification.latency")
                .tag("integration", key.integration())
                .register(registry)
                .record(took);
    }

    @Override
    public void failed(NotificationLogKey key, String error, int attempts) {
        Counter.builder("shopwatch.alert.notifications")
                .tag("integration", key.integration())
                .tag("reason", "")
                .tag("outcome", "failed")
                .register(registry)
                .increment();
    }

    @Override
    public void withdrawn(NotificationLogKey key) {
        Counter.builder("shopwatch.alert.notifications")
                .tag("integration", key.integration())
                .tag("reason", "")
                .tag("outcome", "withdrawn")
                .register(registry)
                .increment();
    }
}

package io.shopwatch.alert.testing;

import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A webhook notifier that records what it is asked to send, by the integration's {@code url}, with the clock's time.
 * A filter can make it drop a notification (answer success without recording) or fail it.
 */
public final class RecordingNotifier implements Notifier {

    /** One notification received. */
    public record Received(Instant at, String url, Notification notification) {}

    /** What to do with a notification. */
    public enum Outcome {
        RECORD,
        DROP,
        FAIL
    }

    private final Clock clock;
    private final List<Received> received = new ArrayList<>();
    private volatile BiPredicate<String, Instant> drop = (url, at) -> false;
    private volatile BiPredicate<String, Instant> fail = (url, at) -> false;

    public RecordingNotifier(Clock clock) {
        this.clock = clock;
    }

    public void dropWhen(BiPredicate<String, Instant> when) {
        this.drop = when;
    }

    public void failWhen(BiPredicate<String, Instant> when) {
        this.fail = when;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public synchronized void send(IntegrationConfig integration, Notification notification, Duration timeout)
            throws DeliveryException {
        String url = integration.string("url", "");
        Instant now = clock.instant();
        if (fail.test(url, now)) {
            throw new DeliveryException("failing on purpose", false, 500);
        }
        if (!drop.test(url, now)) {
            received.add(new Received(now, url, notification));
        }
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    public synchronized List<Received> received(String url) {
        return received.stream().filter(r -> r.url().equals(url)).toList();
    }
}

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
    private volatile boolean failRetryable = true;
    private volatile Duration retryAfter;

    public RecordingNotifier(Clock clock) {
        this.clock = clock;
    }

    public void dropWhen(BiPredicate<String, Instant> when) {
        this.drop = when;
    }

    /** Fails sends with a retryable error (a provider outage) while {@code when} holds. */
    public void failWhen(BiPredicate<String, Instant> when) {
        this.fail = when;
        this.failRetryable = true;
    }

    /** Fails sends as a rate-limited robot does (retryable, wait {@code wait}) while {@code when} holds. */
    public void rateLimitWhen(BiPredicate<String, Instant> when, Duration wait) {
        this.fail = when;
        this.failRetryable = true;
        this.retryAfter = wait;
    }

    /** Fails sends with a permanent error (a rejected request) while {@code when} holds. */
    public void rejectWhen(BiPredicate<String, Instant> when) {
        this.fail = when;
        this.failRetryable = false;
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
            if (retryAfter != null) {
                throw new DeliveryException("rate limited", true, 429, retryAfter, "429 send too fast");
            }
            throw new DeliveryException(
                    failRetryable ? "failing on purpose" : "rejecting on purpose",
                    failRetryable,
                    failRetryable ? 503 : 400);
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

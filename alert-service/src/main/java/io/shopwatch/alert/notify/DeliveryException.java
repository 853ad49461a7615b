package io.shopwatch.alert.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * A notification that did not arrive; {@link #retryable()} says whether trying again may help, {@link #retryAfter()}
 * when the provider asked to wait (HTTP {@code Retry-After}, a robot's rate-limit window), and
 * {@link #providerAnswer()} what the provider said (status line and body, secrets never included).
 */
public class DeliveryException extends Exception {

    private final boolean retryable;
    private final int status;
    private final Duration retryAfter;
    private final String providerAnswer;

    public DeliveryException(String message, boolean retryable, int status) {
        this(message, retryable, status, null, null);
    }

    public DeliveryException(String message, boolean retryable, int status, Duration retryAfter, String answer) {
        super(message);
        this.retryable = retryable;
        this.status = status;
        this.retryAfter = retryAfter;
        this.providerAnswer = answer;
    }

    public DeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.status = 0;
        this.retryAfter = null;
        this.providerAnswer = null;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status, 0 when there was none. */
    public int status() {
        return status;
    }

    /** How long the provider asked to wait before the next attempt. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The provider's answer (status and body), when there was one. */
    public Optional<String> providerAnswer() {
        return Optional.ofNullable(providerAnswer);
    }
}

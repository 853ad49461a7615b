package io.shopwatch.common.security;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The verification keys of a remote JWK set (auth-service's {@code /.well-known/jwks.json}), for the gateway and the
 * services. Keys are cached and refreshed every {@code refreshInterval}; an unknown {@code kid} (a key rotated in
 * since the last fetch) triggers a fetch at most once per {@code minRefetchInterval}.
 *
 * <ul>
 *   <li><b>One fetch at a time.</b> Callers that need a fetch while one is running wait for that one (single flight)
 *       instead of starting their own; a caller that already holds a known but stale key uses it without waiting.
 *   <li><b>The key set is only ever replaced by a good one.</b> A failed fetch (connection error, timeout, an answer
 *       other than 200), an answer that is not a JWK set, and a JWK set without a usable public key all leave the
 *       keys already known in use.
 *   <li><b>Every fetch is reported</b> to a {@link FetchListener} with its {@link Outcome} and, unless it is
 *       {@code OK}, the reason; the services and the gateway pass one that logs and counts
 *       ({@code io.shopwatch.common.security.metrics.JwksFetchMetrics}), so this package needs nothing but the JDK
 *       and jjwt.
 * </ul>
 *
 * <p>A fetch is a blocking HTTP call bounded by {@code timeout}; reactive callers run {@link #find} on a scheduler
 * meant for blocking work, or call {@link #refresh()} in the background.
 */
public final class RemoteJwks implements VerificationKeys {

    /** How one fetch ended. */
    public enum Outcome {
        /** A JWK set with at least one usable public key; it replaced the keys. */
        OK,
        /** No answer, a timeout, or a status other than 200. */
        FAILED,
        /** An answer that is not a JWK set, or one without any usable public key. */
        INVALID;

        /** The outcome's name in lower case, as metrics tag it. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Told of every fetch when it ends. */
    @FunctionalInterface
    public interface FetchListener {

        /** Reports nothing. */
        FetchListener NONE = (uri, outcome, reason, keysKept) -> {};

        /**
         * @param uri the JWK set's address
         * @param outcome how the fetch ended
         * @param reason why the answer was not used; {@code null} when {@code outcome} is {@code OK}
         * @param keysKept how many keys stay in use after a fetch that was not used
         */
        void fetched(URI uri, Outcome outcome, String reason, int keysKept);
    }

    /** How a fetch ended, and why when its answer was not used. */
    private record Fetched(Outcome outcome, String reason) {

        static final Fetched OK = new Fetched(Outcome.OK, null);

        static Fetched failed(String reason) {
            return new Fetched(Outcome.FAILED, reason);
        }

        static Fetched invalid(String reason) {
            return new Fetched(Outcome.INVALID, reason);
        }
    }

    private final URI uri;
    private final HttpClient http;
    private final Duration refreshInterval;
    private final Duration minRefetchInterval;
    private final Duration timeout;
    private final Clock clock;
    private final FetchListener listener;

    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile Instant fetchedAt = Instant.MIN;

    private final Object lock = new Object();
    /** When the last fetch started; guarded by {@link #lock}. */
    private Instant attemptedAt = Instant.MIN;
    /** The fetch running now, if any; guarded by {@link #lock}. */
    private CompletableFuture<Outcome> inFlight;

    /** A key set whose fetches are reported to nobody. */
    public RemoteJwks(
            URI uri,
            HttpClient http,
            Duration refreshInterval,
            Duration minRefetchInterval,
            Duration timeout,
            Clock clock) {
        this(uri, http, refreshInterval, minRefetchInterval, timeout, clock, FetchListener.NONE);
    }

    public RemoteJwks(
            URI uri,
            HttpClient http,
            Duration refreshInterval,
            Duration minRefetchInterval,
            Duration timeout,
            Clock clock,
            FetchListener listener) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.http = Objects.requireNonNull(http, "http");
        this.refreshInterval = refreshInterval;
        this.minRefetchInterval = minRefetchInterval;
        this.timeout = timeout;
        this.clock = clock;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public Optional<PublicKey> find(String kid) {
        PublicKey key = keys.get(kid);
        boolean stale = fetchedAt.plus(refreshInterval).isBefore(clock.instant());
        if (key != null && !stale) {
            return Optional.of(key);
        }
        CompletableFuture<Outcome> fetch;
        boolean mine = false;
        synchronized (lock) {
            if (inFlight != null) {
                fetch = inFlight;
            } else if (attemptedAt.plus(minRefetchInterval).isAfter(clock.instant())) {
                fetch = null;
            } else {
                attemptedAt = clock.instant();
                fetch = inFlight = new CompletableFuture<>();
                mine = true;
            }
        }
        Outcome outcome;
        if (mine) {
            outcome = run(fetch);
        } else if (fetch != null && key == null) {
            outcome = fetch.join();
        } else {
            // too soon to fetch again, or a fetch is running and the caller has a known (stale) key meanwhile
            return Optional.ofNullable(key);
        }
        PublicKey current = keys.get(kid);
        // a key the new set no longer has is gone; after a failed fetch a stale key stays usable
        return Optional.ofNullable(current != null || outcome == Outcome.OK ? current : key);
    }

    /**
     * Fetches the key set now, whatever the intervals say, or waits for the fetch already running.
     *
     * @return how the fetch ended; the keys were replaced only on {@link Outcome#OK}
     */
    public Outcome refresh() {
        CompletableFuture<Outcome> fetch;
        boolean mine = false;
        synchronized (lock) {
            if (inFlight != null) {
                fetch = inFlight;
            } else {
                attemptedAt = clock.instant();
                fetch = inFlight = new CompletableFuture<>();
                mine = true;
            }
        }
        if (mine) {
            run(fetch);
        }
        return fetch.join();
    }

    /** Fetches, then completes {@code fetch} and lets the next fetch start. */
    private Outcome run(CompletableFuture<Outcome> fetch) {
        Fetched fetched = Fetched.failed("the fetch ended unexpectedly");
        try {
            fetched = fetch();
            return fetched.outcome();
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
            listener.fetched(uri, fetched.outcome(), fetched.reason(), keys.size());
            fetch.complete(fetched.outcome());
        }
    }

    private Fetched fetch() {
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Fetched.failed("interrupted");
        } catch (IOException | RuntimeException e) {
            return Fetched.failed(e.toString());
        }
        if (response.statusCode() != 200) {
            return Fetched.failed("answered " + response.statusCode());
        }
        Map<String, PublicKey> parsed;
        try {
            parsed = parse(response.body());
        } catch (RuntimeException e) {
            return Fetched.invalid(
                    "answered something that is not a JWK set (" + e.getClass().getSimpleName() + ")");
        }
        if (parsed.isEmpty()) {
            return Fetched.invalid("answered no usable public key");
        }
        keys = parsed;
        fetchedAt = clock.instant();
        return Fetched.OK;
    }

    /** The keys of a JWK set document; keys that are not public keys, or have no {@code kid}, are skipped. */
    public static Map<String, PublicKey> parse(String json) {
        JwkSet set = Jwks.setParser().ignoreUnsupported(true).build().parse(json);
        Map<String, PublicKey> parsed = new HashMap<>();
        for (Jwk<?> jwk : set.getKeys()) {
            Key key = jwk.toKey();
            if (jwk.getId() != null && key instanceof PublicKey publicKey) {
                parsed.put(jwk.getId(), publicKey);
            }
        }
        return Map.copyOf(parsed);
    }
}

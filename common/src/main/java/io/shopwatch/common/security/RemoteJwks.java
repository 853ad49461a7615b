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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The verification keys of a remote JWK set (auth-service's {@code /.well-known/jwks.json}), for the gateway and the
 * services. Keys are cached and refreshed every {@code refreshInterval}; an unknown {@code kid} (a key rotated in
 * since the last fetch) triggers a fetch at most once per {@code minRefetchInterval}. When a fetch fails, the keys
 * already known stay in use.
 *
 * <p>A fetch is a blocking HTTP call bounded by {@code timeout}; reactive callers run {@link #find} on a scheduler
 * meant for blocking work, or call {@link #refresh()} in the background.
 */
public final class RemoteJwks implements VerificationKeys {

    private final URI uri;
    private final HttpClient http;
    private final Duration refreshInterval;
    private final Duration minRefetchInterval;
    private final Duration timeout;
    private final Clock clock;

    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile Instant fetchedAt = Instant.MIN;
    private volatile Instant attemptedAt = Instant.MIN;

    public RemoteJwks(
            URI uri,
            HttpClient http,
            Duration refreshInterval,
            Duration minRefetchInterval,
            Duration timeout,
            Clock clock) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.http = Objects.requireNonNull(http, "http");
        this.refreshInterval = refreshInterval;
        this.minRefetchInterval = minRefetchInterval;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Optional<PublicKey> find(String kid) {
        Instant now = clock.instant();
        PublicKey key = keys.get(kid);
        boolean stale = fetchedAt.plus(refreshInterval).isBefore(now);
        if ((key == null || stale) && !attemptedAt.plus(minRefetchInterval).isAfter(now)) {
            refreshQuietly();
            key = keys.get(kid);
        }
        return Optional.ofNullable(key);
    }

    /** Fetches the key set now. */
    public synchronized void refresh() throws IOException, InterruptedException {
        attemptedAt = clock.instant();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("JWK set " + uri + " answered " + response.statusCode());
        }
        keys = parse(response.body());
        fetchedAt = clock.instant();
    }

    /** The keys of a JWK set document; keys that are not public keys are skipped. */
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

    private void refreshQuietly() {
        try {
            refresh();
        } catch (IOException | RuntimeException e) {
            // keep the keys already known; the next attempt comes after minRefetchInterval
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.shopwatch.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.IdentityHeaders;
import io.shopwatch.common.security.TokenRejectedException;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Exchanges an API key for an access token at auth-service ({@code POST /internal/v1/api-keys/verify}) and caches the
 * answer for auth-service's {@code cache_ttl_seconds} (at most {@code apiKeyMaxCacheTtl}, never beyond the token's
 * expiry), so a revoked key stops working within that time. A refused key is remembered for {@code apiKeyNegativeTtl}.
 * One call per key is in flight at a time: requests that arrive meanwhile share its answer. A verified key whose cache
 * time is about to end ({@code apiKeyRefreshAhead}) is exchanged again in the background while its cached answer still
 * serves, so a busy key never waits for auth-service; the cached answer still ends when its own time is up, and a
 * refusal replaces it at once.
 * auth-service's answer is not trusted as such: the access token in it is verified like any other token, and the
 * identity comes from the token. When auth-service cannot be asked, the key is refused with 503 (fail closed).
 * Keys are held only as SHA-256 hashes.
 */
public final class ApiKeyExchange {

    /** A key that verified: who it is, and the token to send on instead of the key. */
    public record Exchanged(Identity identity, String accessToken, Duration cacheFor) {}

    private static final Exchanged REFUSED = new Exchanged(null, null, Duration.ZERO);

    private final WebClient http;
    private final AccessTokenVerifier verifier;
    private final GatewayAuthProperties properties;
    private final Cache<String, Exchanged> verified;
    private final Cache<String, Boolean> refused;
    private final MeterRegistry meters;
    private final ConcurrentMap<String, Mono<Exchanged>> inFlight = new ConcurrentHashMap<>();

    public ApiKeyExchange(
            WebClient.Builder http,
            AccessTokenVerifier verifier,
            GatewayAuthProperties properties,
            MeterRegistry meters) {
        this.http = http.baseUrl(properties.authUrl().toString()).build();
        this.verifier = verifier;
        this.properties = properties;
        this.meters = meters;
        this.verified = Caffeine.newBuilder()
                .maximumSize(properties.apiKeyCacheSize())
                .expireAfter(Expiry.<String, Exchanged>creating((key, value) -> value.cacheFor()))
                .build();
        this.refused = Caffeine.newBuilder()
                .maximumSize(properties.apiKeyCacheSize())
                .expireAfterWrite(properties.apiKeyNegativeTtl())
                .build();
    }

    /** The exchanged key; empty when auth-service refused it; an UNAVAILABLE error when it could not be asked. */
    public Mono<Exchanged> exchange(String apiKey) {
        String hash = sha256(apiKey);
        Exchanged cached = verified.getIfPresent(hash);
        if (cached != null) {
            count("cached");
            refreshIfDue(apiKey, hash, cached);
            return Mono.just(cached);
        }
        if (refused.getIfPresent(hash) != null) {
            count("refused_cached");
            return Mono.empty();
        }
        return ask(apiKey, hash).filter(result -> result != REFUSED);
    }

    /**
     * Starts a background exchange of a cached key whose cache time ends within {@code apiKeyRefreshAhead}. The call is
     * registered as the key's one call in flight here, and started (request built, body encoded, connection acquired)
     * on a worker thread: the request that noticed the key was due goes on without paying for it on its event loop.
     * Refreshes are rare (one per key every few seconds), so their code stays cold for the JIT and one costs tens of
     * milliseconds of CPU.
     */
    private void refreshIfDue(String apiKey, String hash, Exchanged cached) {
        Duration ahead = properties.apiKeyRefreshAhead();
        if (ahead.isZero() || cached.cacheFor().compareTo(ahead) <= 0 || inFlight.containsKey(hash)) {
            return;
        }
        Optional<Duration> left = verified.policy().expireVariably().flatMap(policy -> policy.getExpiresAfter(hash));
        if (left.isPresent() && left.get().compareTo(ahead) <= 0) {
            count("refresh");
            ask(apiKey, hash)
                    .subscribeOn(Schedulers.boundedElastic())
                    .subscribe(result -> {}, error -> count("refresh_failed"));
        }
    }

    /** The one call in flight for the key, started if there is none; its answer is cached before it is shared. */
    private Mono<Exchanged> ask(String apiKey, String hash) {
        return inFlight.computeIfAbsent(
                hash,
                h -> call(apiKey, h).doFinally(signal -> inFlight.remove(h)).cache());
    }

    private Mono<Exchanged> call(String apiKey, String hash) {
        return http.post()
                .uri("/internal/v1/api-keys/verify")
                .header(IdentityHeaders.INTERNAL_SECRET, properties.internalSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("key", apiKey))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .timeout(properties.apiKeyTimeout())
                .publishOn(Schedulers.boundedElastic())
                .map(this::exchanged)
                .onErrorResume(WebClientResponseException.class, e -> {
                    if (e.getStatusCode().value() == HttpStatus.UNAUTHORIZED.value()
                            || e.getStatusCode().value() == HttpStatus.BAD_REQUEST.value()) {
                        return Mono.just(REFUSED);
                    }
                    return Mono.error(unavailable(e));
                })
                .onErrorMap(e -> !(e instanceof ShopWatchException), ApiKeyExchange::unavailable)
                .map(result -> {
                    if (result == REFUSED) {
                        verified.invalidate(hash);
                        refused.put(hash, Boolean.TRUE);
                        count("refused");
                    } else {
                        verified.put(hash, result);
                        count("verified");
                    }
                    return result;
                });
    }

    private Exchanged exchanged(JsonNode answer) {
        String token = answer.path("access_token").asString("");
        Identity identity;
        try {
            identity = verifier.verify(token);
        } catch (TokenRejectedException e) {
            throw new ShopWatchException(ProblemType.UNAVAILABLE, "auth-service answered an unusable token", e);
        }
        long ttl = Math.max(0, answer.path("cache_ttl_seconds").asLong(0));
        Duration cacheFor = Duration.ofSeconds(ttl);
        if (cacheFor.compareTo(properties.apiKeyMaxCacheTtl()) > 0) {
            cacheFor = properties.apiKeyMaxCacheTtl();
        }
        Duration untilExpiry =
                Duration.between(java.time.Instant.now(), identity.expiresAt()).minusSeconds(5);
        if (untilExpiry.compareTo(cacheFor) < 0) {
            cacheFor = untilExpiry.isNegative() ? Duration.ZERO : untilExpiry;
        }
        return new Exchanged(identity, token, cacheFor);
    }

    private static ShopWatchException unavailable(Throwable cause) {
        return cause instanceof ShopWatchException known
                ? known
                : new ShopWatchException(ProblemType.UNAVAILABLE, "API keys cannot be verified right now", cause);
    }

    private void count(String outcome) {
        meters.counter("shopwatch.gateway.api_key.verifications", "outcome", outcome)
                .increment();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

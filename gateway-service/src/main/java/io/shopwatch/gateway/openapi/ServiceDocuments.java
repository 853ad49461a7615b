package io.shopwatch.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.swagger.v3.core.util.Json31;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Fetches the services' own API documents when the gateway's document is asked for, each with a timeout, and keeps
 * them for {@code cacheTtl}; a service that did not answer is remembered as {@link ServiceDocument.Missing} for
 * {@code missingTtl} and asked again after that. Concurrent requests for the same document share one fetch.
 */
public final class ServiceDocuments {

    private static final Logger log = LoggerFactory.getLogger(ServiceDocuments.class);

    private final WebClient http;
    private final Duration timeout;
    private final int maxSize;
    private final Ticker ticker;
    private final long available;
    private final long missing;
    private final AsyncCache<URI, Fetched> cache;

    /** A document and when its fetch ended; its time in the cache counts from then. */
    private record Fetched(ServiceDocument document, long at) {}

    public ServiceDocuments(WebClient.Builder http, OpenApiProperties properties, Ticker ticker) {
        this.maxSize =
                (int) Math.min(Integer.MAX_VALUE, properties.maxDocumentSize().toBytes());
        this.http = http.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxSize))
                .build();
        this.timeout = properties.fetchTimeout();
        this.ticker = ticker;
        this.available = properties.cacheTtl().toNanos();
        this.missing = properties.missingTtl().toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(1_000)
                .ticker(ticker)
                .expireAfter(new Expiry<URI, Fetched>() {
                    @Override
                    public long expireAfterCreate(URI key, Fetched value, long currentTime) {
                        long ttl = value.document() instanceof ServiceDocument.Available ? available : missing;
                        return Math.max(0, ttl - (currentTime - value.at()));
                    }

                    @Override
                    public long expireAfterUpdate(URI key, Fetched value, long currentTime, long duration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(URI key, Fetched value, long currentTime, long duration) {
                        return duration;
                    }
                })
                .buildAsync();
    }

    /** The document at {@code uri}: cached, or fetched now. Never an error. */
    public Mono<ServiceDocument> get(URI uri) {
        return Mono.defer(() -> {
                    CompletableFuture<Fetched> cached = cache.get(uri, this::load);
                    Fetched done = cached.getNow(null);
                    if (done != null && expired(done)) {
                        // done but not yet expired by the cache itself (it expires an entry only once it has seen
                        // its future complete): fetch again
                        cache.asMap().remove(uri, cached);
                        cached = cache.get(uri, this::load);
                    }
                    return Mono.fromFuture(cached);
                })
                .map(Fetched::document);
    }

    private CompletableFuture<Fetched> load(URI uri, Executor executor) {
        return fetch(uri).map(document -> new Fetched(document, ticker.read())).toFuture();
    }

    private boolean expired(Fetched fetched) {
        long ttl = fetched.document() instanceof ServiceDocument.Available ? available : missing;
        return ticker.read() - fetched.at() >= ttl;
    }

    private Mono<ServiceDocument> fetch(URI uri) {
        return http.get()
                .uri(uri)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(String.class)
                .timeout(timeout)
                .map(ServiceDocuments::parse)
                .onErrorResume(e -> Mono.just(new ServiceDocument.Missing(reason(e))))
                .doOnNext(document -> {
                    if (document instanceof ServiceDocument.Missing missing) {
                        log.warn("API document {} left out: {}", uri, missing.reason());
                    }
                });
    }

    static ServiceDocument parse(String body) {
        JsonNode tree;
        try {
            tree = Json31.mapper().readTree(body);
        } catch (Exception e) {
            return new ServiceDocument.Missing("the answer is not JSON");
        }
        if (!(tree instanceof ObjectNode document) || !document.path("openapi").isTextual()) {
            return new ServiceDocument.Missing("the answer is not an OpenAPI document");
        }
        return new ServiceDocument.Available(document);
    }

    private String reason(Throwable e) {
        if (e instanceof TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (e instanceof WebClientResponseException response) {
            return "answered " + response.getStatusCode().value();
        }
        if (e instanceof WebClientRequestException) {
            return "unreachable";
        }
        if (e instanceof DataBufferLimitException) {
            return "the document is larger than " + maxSize + " bytes";
        }
        return e.getClass().getSimpleName();
    }
}

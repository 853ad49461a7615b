package io.shopwatch.performance.frontend;

import io.shopwatch.common.web.RetryLaterException;
import io.shopwatch.performance.cache.QueryPlan;
import io.shopwatch.performance.cache.ResultCache;
import io.shopwatch.performance.stats.Outcome;
import io.shopwatch.performance.stats.QueryStats;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read path: decides for each read whether it is answered from the cache, joins an identical query in flight, or
 * goes to the store, and whether the store's answer is kept.
 *
 * <p>Only callers that present the frontend's own store credentials (the {@code Authorization} header the frontend
 * would send itself) share the cache and the in-flight queries; any other caller's request goes to the store
 * unchanged, with its own credentials, and the store decides. An answer is cached only when: the caller did not ask to
 * bypass the cache, the read is a deterministic SELECT over known streams with a time range that ends before the
 * freshness window (the newest {@code freshness}), the store answered 200 with at least one hit, not partial and
 * without a function error, and the invalidation feed is connected (otherwise a late record could not drop it).
 */
public final class QueryFrontend {

    /** One read as received. */
    public record Read(
            String method,
            String org,
            String pathAndQuery,
            String authorization,
            String contentType,
            byte[] body,
            QueryPlan plan,
            boolean bypass) {}

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final StoreForwarder store;
    private final ResultCache cache;
    private final OrgConcurrencyLimiter limiter;
    private final SingleFlight<StoreAnswer> inFlight = new SingleFlight<>();
    private final QueryStats stats;
    private final byte[] storeAuthorization;
    private final boolean cacheEnabled;
    private final Duration freshness;
    private final Clock clock;
    private final BooleanSupplier invalidationLive;

    public QueryFrontend(
            StoreForwarder store,
            ResultCache cache,
            OrgConcurrencyLimiter limiter,
            QueryStats stats,
            String storeAuthorization,
            FrontendProperties properties,
            Clock clock,
            BooleanSupplier invalidationLive) {
        this.store = store;
        this.cache = cache;
        this.limiter = limiter;
        this.stats = stats;
        this.storeAuthorization =
                storeAuthorization == null ? null : storeAuthorization.getBytes(StandardCharsets.UTF_8);
        this.cacheEnabled = properties.cacheEnabled() && properties.cacheMaxBytes() > 0;
        this.freshness = properties.freshness();
        this.clock = clock;
        this.invalidationLive = invalidationLive;
    }

    public StoreAnswer read(Read read) {
        if (!trusted(read.authorization()) || read.plan() == null) {
            return askStore(read, Outcome.PASS_THROUGH);
        }
        if (read.bypass()) {
            return askStore(read, Outcome.BYPASS);
        }
        QueryPlan plan = read.plan();
        boolean cacheable = cacheEnabled && plan.cacheable() && outsideFreshnessWindow(plan);
        if (cacheable) {
            Optional<StoreAnswer> hit = cache.get(plan.key());
            if (hit.isPresent()) {
                stats.record(read.org(), Outcome.HIT, hit.get().body().length);
                return hit.get();
            }
        }
        SingleFlight.Outcome<StoreAnswer> outcome;
        try {
            outcome = inFlight.run(plan.key(), () -> {
                long generation = cacheable ? cache.generation(plan) : 0;
                StoreAnswer answer = storeQuery(read);
                if (cacheable && invalidationLive.getAsBoolean() && worthCaching(answer)) {
                    cache.put(plan, answer, generation);
                }
                return answer;
            });
        } catch (RetryLaterException e) {
            stats.record(read.org(), Outcome.REJECTED, 0);
            throw e;
        }
        StoreAnswer answer = outcome.value();
        if (outcome.shared()) {
            stats.record(read.org(), Outcome.COALESCED, answer.body().length);
        } else {
            stats.record(read.org(), Outcome.MISS, answer.body().length);
        }
        return answer;
    }

    /** The cache, for invalidation from a stream deletion seen on this path. */
    public void streamDeleted(String org, String stream) {
        cache.streamDeleted(org, stream);
    }

    /** Callers waiting right now for an identical query in flight. */
    public long coalescedWaiting() {
        return inFlight.waiting();
    }

    private StoreAnswer askStore(Read read, Outcome outcome) {
        try {
            StoreAnswer answer = storeQuery(read);
            stats.record(read.org(), outcome, answer.body().length);
            return answer;
        } catch (RetryLaterException e) {
            stats.record(read.org(), Outcome.REJECTED, 0);
            throw e;
        }
    }

    private StoreAnswer storeQuery(Read read) {
        return limiter.run(read.org(), () -> {
            long started = System.nanoTime();
            StoreAnswer answer = store.forward(
                    read.method(), read.pathAndQuery(), read.authorization(), read.contentType(), read.body());
            long millis = (System.nanoTime() - started) / 1_000_000;
            String description = read.plan() == null
                    ? read.method() + " " + pathOnly(read.pathAndQuery())
                    : read.plan().description();
            stats.storeQuery(read.org(), description, millis, answer.status(), answer.body().length);
            return answer;
        });
    }

    private boolean outsideFreshnessWindow(QueryPlan plan) {
        long nowMicros = clock.instant().toEpochMilli() * 1000L;
        long freshFrom = nowMicros - freshness.toNanos() / 1000L;
        return plan.startMicros() < plan.endMicros() && plan.endMicros() <= freshFrom;
    }

    /** 200, at least one hit, not partial, no function error. */
    static boolean worthCaching(StoreAnswer answer) {
        if (!answer.ok()
                || answer.contentType() == null
                || !answer.contentType().startsWith("application/json")) {
            return false;
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (JacksonException e) {
            return false;
        }
        JsonNode hits = body.path("hits");
        if (!hits.isArray() || hits.isEmpty()) {
            return false;
        }
        if (body.path("is_partial").asBoolean(false)) {
            return false;
        }
        JsonNode functionError = body.path("function_error");
        return functionError.isMissingNode()
                || functionError.isNull()
                || (functionError.isString() && functionError.asString().isEmpty())
                || (functionError.isArray() && functionError.isEmpty());
    }

    private boolean trusted(String authorization) {
        if (storeAuthorization == null || authorization == null) {
            return storeAuthorization == null && authorization == null;
        }
        return MessageDigest.isEqual(storeAuthorization, authorization.getBytes(StandardCharsets.UTF_8));
    }

    private static String pathOnly(String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        return question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    }
}

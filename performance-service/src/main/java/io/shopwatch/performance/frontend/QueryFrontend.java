package io.shopwatch.performance.frontend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shopwatch.common.web.RetryLaterException;
import io.shopwatch.performance.cache.AggregateMerger;
import io.shopwatch.performance.cache.AggregateShape;
import io.shopwatch.performance.cache.ExcludedRanges;
import io.shopwatch.performance.cache.HistogramShape;
import io.shopwatch.performance.cache.HistogramSlicer;
import io.shopwatch.performance.cache.QueryPlan;
import io.shopwatch.performance.cache.QueryPlanner;
import io.shopwatch.performance.cache.ResultCache;
import io.shopwatch.performance.stats.Outcome;
import io.shopwatch.performance.stats.QueryStats;
import io.shopwatch.performance.store.StoreAnswer;
import io.shopwatch.performance.store.StoreForwarder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

    /**
     * One read as received.
     *
     * @param arrivedNanos when its request arrived ({@link System#nanoTime()}, {@link RequestArrival}): identical reads
     *     whose store query landed after that share its answer, as if they had waited for it
     */
    public record Read(
            String method,
            String org,
            String pathAndQuery,
            String authorization,
            String contentType,
            byte[] body,
            QueryPlan plan,
            boolean bypass,
            long arrivedNanos) {

        /** A read arriving now. */
        public Read(
                String method,
                String org,
                String pathAndQuery,
                String authorization,
                String contentType,
                byte[] body,
                QueryPlan plan,
                boolean bypass) {
            this(method, org, pathAndQuery, authorization, contentType, body, plan, bypass, System.nanoTime());
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final StoreForwarder store;
    private final ResultCache cache;
    private final ResultCache freshCache;
    private final OrgConcurrencyLimiter limiter;
    /** Whole reads and spans; a read's request that arrived before its flight landed shares the answer. */
    private final SingleFlight<StoreAnswer> inFlight = new SingleFlight<>(answer -> answer.body().length);
    /** Split reads; the same. */
    private final SingleFlight<Optional<StoreAnswer>> splitInFlight =
            new SingleFlight<>(answer -> answer.map(a -> a.body().length).orElse(0));

    private final SingleFlight<List<StoreAnswer>> aggregateInFlight = new SingleFlight<>();
    private final SingleFlight<List<StoreAnswer>> combinedInFlight = new SingleFlight<>();
    /** Runs a split read's store queries side by side (each holds one of the org's slots while it runs). */
    private final ExecutorService spanPool = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "span-query");
        thread.setDaemon(true);
        return thread;
    });

    private final QueryStats stats;
    private final byte[] storeAuthorization;
    private final boolean cacheEnabled;
    private final boolean freshEnabled;
    private final boolean combineMissing;
    private final Duration freshness;
    private final long splitMicros;
    private final long edgeMicros;
    /** Aggregate reads (by org and normalised SQL) whose edge pieces could not be cut or merged lately: whole steps. */
    private final Cache<String, Boolean> refusedEdges = refusals();
    /** Aggregate reads whose pieces could not be cut or merged lately: split as histograms, or sent whole. */
    private final Cache<String, Boolean> refusedAggregates = refusals();

    private final Clock clock;
    private final BooleanSupplier invalidationLive;

    public QueryFrontend(
            StoreForwarder store,
            ResultCache cache,
            ResultCache freshCache,
            OrgConcurrencyLimiter limiter,
            QueryStats stats,
            String storeAuthorization,
            FrontendProperties properties,
            Clock clock,
            BooleanSupplier invalidationLive) {
        this.store = store;
        this.cache = cache;
        this.freshCache = freshCache;
        this.limiter = limiter;
        this.stats = stats;
        this.storeAuthorization =
                storeAuthorization == null ? null : storeAuthorization.getBytes(StandardCharsets.UTF_8);
        this.cacheEnabled = properties.cacheEnabled() && properties.cacheMaxBytes() > 0;
        this.freshEnabled = cacheEnabled && !properties.freshTtl().isZero();
        this.freshness = properties.freshness();
        this.combineMissing = properties.combineMissing();
        this.splitMicros = properties.splitInterval().toNanos() / 1000L;
        this.edgeMicros = properties.edgeInterval().toSeconds() * 1_000_000L;
        this.clock = clock;
        this.invalidationLive = invalidationLive;
    }

    /** Refusals depend on the data (ties, fractional sums, empty ranges): remembered per org and query. */
    private static String refusalKey(QueryPlan plan) {
        return plan.org() + "\n" + plan.description();
    }

    private static Cache<String, Boolean> refusals() {
        return Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMinutes(1))
                .maximumSize(10_000)
                .build();
    }

    public StoreAnswer read(Read read) {
        if (read.plan() != null && !read.plan().streams().isEmpty()) {
            QueryPlan plan = read.plan();
            stats.log()
                    .read(
                            read.org(),
                            plan.streams(),
                            plan.description(),
                            plan.startMicros(),
                            plan.endMicros(),
                            clock.instant());
        }
        if (!trusted(read.authorization()) || read.plan() == null) {
            return askStore(read, Outcome.PASS_THROUGH);
        }
        if (read.bypass()) {
            return askStore(read, Outcome.BYPASS);
        }
        QueryPlan plan = read.plan();
        boolean fresh = freshEnabled
                && plan.cacheable()
                && plan.startMicros() < plan.endMicros()
                && !outsideFreshnessWindow(plan);
        if (fresh) {
            Optional<StoreAnswer> hit = freshCache.get(plan.key());
            if (hit.isPresent()) {
                stats.record(read.org(), Outcome.FRESH_HIT, hit.get().body().length);
                return hit.get();
            }
        }
        boolean cacheable = cacheEnabled && plan.cacheable() && outsideFreshnessWindow(plan);
        if (cacheable) {
            // a histogram over an old range is also kept whole once assembled: a full hit then merges nothing
            Optional<StoreAnswer> hit = cache.get(plan.key());
            if (hit.isPresent()) {
                stats.record(read.org(), Outcome.HIT, hit.get().body().length);
                return hit.get();
            }
        }
        // a histogram of mergeable aggregates is merged as an aggregate (its pieces need not end on bucket boundaries),
        // and split at bucket boundaries when that is refused
        if (cacheEnabled && plan.aggregated() != null && refusedAggregates.getIfPresent(refusalKey(plan)) == null) {
            Optional<StoreAnswer> merged = aggregateRead(read, fresh);
            if (merged.isPresent()) {
                return merged.get();
            }
        }
        if (cacheEnabled && plan.bucketed() != null) {
            Optional<StoreAnswer> split = splitRead(read, fresh);
            if (split.isPresent()) {
                return split.get();
            }
        }
        SingleFlight.Outcome<StoreAnswer> outcome;
        try {
            outcome = inFlight.run(plan.key(), read.arrivedNanos(), () -> {
                long generation = cacheable ? cache.generation(plan) : 0;
                long freshGeneration = fresh ? freshCache.generation(plan) : 0;
                StoreAnswer answer = storeQuery(read);
                if ((cacheable || fresh) && invalidationLive.getAsBoolean() && worthCaching(answer)) {
                    if (cacheable) {
                        cache.put(plan, answer, generation);
                    } else {
                        freshCache.put(plan, answer, freshGeneration);
                    }
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

    /**
     * A histogram query whose range starts before the freshness window: answered from pieces aligned to the split
     * interval and a fresh tail (never cached), concatenated in bucket order. Cached pieces are used as they are; each
     * run of consecutive missing pieces (with the tail when it follows the run) is one store query, cut into the
     * pieces for the cache ({@link #missingSpan}). Empty when
     * the query is better sent whole: nothing of it is old enough to cache, or the merged answer would exceed the row
     * limit (the store would cut it and warn).
     */
    private Optional<StoreAnswer> splitRead(Read read, boolean fresh) {
        QueryPlan plan = read.plan();
        long bucket = plan.bucketed().bucketMicros();
        long nowMicros = clock.instant().toEpochMilli() * 1000L;
        long freshFrom = nowMicros - freshness.toNanos() / 1000L;
        // a range that ends before the freshness window is cacheable to its end, even inside its last bucket; one that
        // reaches into it is cacheable up to the last bucket boundary before the window (the rest is the fresh tail)
        long cacheableUntil = plan.endMicros() <= freshFrom
                ? plan.endMicros()
                : Math.min(plan.endMicros(), HistogramShape.alignDown(freshFrom, bucket));
        if (plan.startMicros() >= cacheableUntil) {
            return Optional.empty();
        }
        long step = Math.max(1, (splitMicros + bucket - 1) / bucket) * bucket;
        List<QueryPlanner.Piece> pieces = new ArrayList<>();
        long from = plan.startMicros();
        while (from < cacheableUntil) {
            // whole steps, but single buckets where the range cuts a step (at its start, and before the freshness
            // window), so that a moving range asks only for the bucket its start cuts and the newest ones
            long stepStart = HistogramShape.alignDown(from, step);
            long width = from == stepStart && stepStart + step <= cacheableUntil ? step : bucket;
            long to = Math.min(cacheableUntil, HistogramShape.alignDown(from, width) + width);
            pieces.add(QueryPlanner.piece(plan, from, to));
            from = to;
        }
        QueryPlanner.Piece tail = from < plan.endMicros() ? QueryPlanner.piece(plan, from, plan.endMicros()) : null;
        SingleFlight.Outcome<Optional<StoreAnswer>> outcome;
        long[] fromCache = new long[2];
        try {
            outcome = splitInFlight.run(plan.key(), read.arrivedNanos(), () -> {
                long freshGeneration = fresh ? freshCache.generation(plan) : 0;
                long generation = tail == null ? cache.generation(plan) : 0;
                List<List<StoreAnswer>> cached = new ArrayList<>();
                List<Optional<StoreAnswer>> hits = cache.getAll(
                        pieces.stream().map(piece -> piece.plan().key()).toList());
                for (int i = 0; i < pieces.size(); i++) {
                    QueryPlan piece = pieces.get(i).plan();
                    List<StoreAnswer> found = hits.get(i).map(List::of).orElse(List.of());
                    if (found.isEmpty() && step > bucket && piece.endMicros() - piece.startMicros() == step) {
                        // a step that was at an edge of an earlier read: its single buckets, when all are cached
                        found = narrowerPieces(
                                piece.startMicros(), step, bucket, plan.split().pieceKeys()::key);
                    }
                    if (!found.isEmpty()) {
                        fromCache[0]++;
                        for (StoreAnswer answer : found) {
                            fromCache[1] += answer.body().length;
                        }
                    }
                    cached.add(found);
                }
                // the range's answers in bucket order: cached pieces as they are, and the store queries it needs (each
                // run of missing pieces, with the tail when it follows the last run, or the tail alone), sent at once
                List<List<StoreAnswer>> slots = new ArrayList<>();
                List<Integer> asked = new ArrayList<>();
                List<Missing> missing = new ArrayList<>();
                boolean tailAsked = false;
                int next = 0;
                while (next < pieces.size()) {
                    if (!cached.get(next).isEmpty()) {
                        slots.add(cached.get(next++));
                        continue;
                    }
                    int runEnd = next;
                    while (runEnd < pieces.size() && cached.get(runEnd).isEmpty()) {
                        runEnd++;
                    }
                    boolean withTail = runEnd == pieces.size() && tail != null;
                    asked.add(slots.size());
                    slots.add(null);
                    missing.add(new Missing(pieces.subList(next, runEnd), withTail ? tail : null));
                    tailAsked |= withTail;
                    next = runEnd;
                }
                if (tail != null && !tailAsked) {
                    asked.add(slots.size());
                    slots.add(null);
                    missing.add(new Missing(List.of(), tail));
                }
                // the missing spans as ONE store query when that is provably exact, else one query per span
                List<List<StoreAnswer>> fromStore =
                        combineMissing && missing.size() > 1 ? combinedSpans(read, missing) : null;
                if (fromStore == null) {
                    List<Supplier<List<StoreAnswer>>> queries = new ArrayList<>();
                    for (Missing span : missing) {
                        queries.add(
                                span.run().isEmpty()
                                        ? () -> List.of(storeQuery(pieceRead(read, span.tail())))
                                        : () -> List.of(missingSpan(read, span.run(), span.tail())));
                    }
                    fromStore = askAll(queries);
                }
                for (int i = 0; i < asked.size(); i++) {
                    slots.set(asked.get(i), fromStore.get(i));
                }
                List<StoreAnswer> answers = new ArrayList<>();
                slots.forEach(answers::addAll);
                for (StoreAnswer answer : answers) {
                    if (!answer.ok()) {
                        return Optional.of(answer);
                    }
                }
                Optional<StoreAnswer> merged = merge(answers, plan.bucketed().descending(), rowLimit(plan));
                if (merged.isPresent() && invalidationLive.getAsBoolean()) {
                    if (tail == null && worthCaching(merged.get())) {
                        cache.put(plan, merged.get(), generation);
                    } else if (fresh) {
                        freshCache.put(plan, merged.get(), freshGeneration);
                    }
                }
                return merged;
            });
        } catch (RetryLaterException e) {
            stats.record(read.org(), Outcome.REJECTED, 0);
            throw e;
        }
        if (outcome.value().isEmpty()) {
            return Optional.empty();
        }
        StoreAnswer answer = outcome.value().get();
        if (outcome.shared()) {
            stats.record(read.org(), Outcome.COALESCED, answer.body().length);
        } else if (fromCache[0] == pieces.size() && tail == null) {
            stats.record(read.org(), Outcome.HIT, answer.body().length);
        } else {
            stats.record(read.org(), fromCache[0] > 0 ? Outcome.PARTIAL : Outcome.MISS, answer.body().length);
            stats.savedBytes(read.org(), fromCache[1]);
        }
        return Optional.of(answer);
    }

    /**
     * A mergeable aggregate query ({@link AggregateShape}) whose range starts before the freshness window: answered
     * from pieces aligned to the split interval and a fresh tail (never cached), merged group by group
     * ({@link AggregateMerger}). Where the range cuts a split step (at its start, and before the freshness window) the
     * pieces are edge intervals instead ({@link FrontendProperties#edgeInterval}), so that a moving range asks only for
     * the edge interval its start cuts and the newest ones; a whole step missing from the cache is taken from its edge
     * pieces when they are all cached, and otherwise the read is asked in whole steps (a cold read: one store query;
     * the next read fills the edge pieces). The missing pieces of one width (and the tail with the edge pieces) are ONE
     * store query, the same aggregate grouped by piece as well, whose rows are cut into the pieces' answers and cached
     * piece by piece, with or without rows. Empty (the query is then sent whole) when nothing is old enough to cache, or a cut or the merge
     * is not provably exact; then, when edge pieces were used, it is tried once more with whole steps, and a read that
     * was refused is not tried this way again for a minute.
     */
    private Optional<StoreAnswer> aggregateRead(Read read, boolean fresh) {
        QueryPlan plan = read.plan();
        long step = Math.max(1_000_000L, splitMicros / 1_000_000L * 1_000_000L);
        long edge = edgeMicros > 0
                        && edgeMicros < step
                        && step % edgeMicros == 0
                        && refusedEdges.getIfPresent(refusalKey(plan)) == null
                ? edgeMicros
                : 0;
        Refusal refusal = new Refusal();
        Optional<StoreAnswer> answer = aggregateRead(read, fresh, step, edge, refusal);
        if (answer.isEmpty() && refusal.refused && refusal.edgePieces) {
            refusedEdges.put(refusalKey(plan), Boolean.TRUE);
            refusal = new Refusal();
            answer = aggregateRead(read, fresh, step, 0, refusal);
        }
        if (answer.isEmpty() && refusal.refused) {
            refusedAggregates.put(refusalKey(plan), Boolean.TRUE);
        }
        return answer;
    }

    /**
     * Whether the pieces of the aggregate read that ran last (on the calling thread) could not be cut or merged, and
     * whether they were edge pieces.
     */
    private static final class Refusal {
        boolean refused;
        boolean edgePieces;

        void note(long edge) {
            refused = true;
            edgePieces = edge > 0;
        }
    }

    /** What an aggregate read with edge pieces answers (and shares) when it must be asked in whole steps. */
    private static final StoreAnswer WHOLE_STEPS = new StoreAnswer(0, null, new byte[0]);

    private Optional<StoreAnswer> aggregateRead(Read read, boolean fresh, long step, long edge, Refusal refusal) {
        QueryPlan plan = read.plan();
        long grain = edge > 0 ? edge : step; // the fresh tail starts on a boundary of this
        long nowMicros = clock.instant().toEpochMilli() * 1000L;
        long freshFrom = nowMicros - freshness.toNanos() / 1000L;
        long cacheableUntil = plan.endMicros() <= freshFrom
                ? plan.endMicros()
                : Math.min(plan.endMicros(), HistogramShape.alignDown(freshFrom, grain));
        if (plan.startMicros() >= cacheableUntil) {
            return Optional.empty();
        }
        List<QueryPlanner.Piece> pieces = new ArrayList<>();
        long from = plan.startMicros();
        while (from < cacheableUntil) {
            long stepStart = HistogramShape.alignDown(from, step);
            long width = edge == 0 || (from == stepStart && stepStart + step <= cacheableUntil) ? step : edge;
            long to = Math.min(cacheableUntil, HistogramShape.alignDown(from, width) + width);
            pieces.add(QueryPlanner.aggregatePiece(plan, from, to));
            from = to;
        }
        long tailStart = from;
        boolean hasTail = tailStart < plan.endMicros();
        int rowLimit = rowLimit(plan);
        SingleFlight.Outcome<Optional<StoreAnswer>> outcome;
        long[] fromCache = new long[2];
        try {
            outcome = splitInFlight.run(plan.key() + " edge " + edge, read.arrivedNanos(), () -> {
                long freshGeneration = fresh ? freshCache.generation(plan) : 0;
                long generation = hasTail ? 0 : cache.generation(plan);
                List<Optional<StoreAnswer>> cached = cache.getAll(
                        pieces.stream().map(piece -> piece.plan().key()).toList());
                List<StoreAnswer> answers = new ArrayList<>();
                boolean[] missing = new boolean[pieces.size()];
                for (int i = 0; i < pieces.size(); i++) {
                    QueryPlan piece = pieces.get(i).plan();
                    // with edge pieces, a whole step is the only piece that long
                    boolean wholeStep = edge > 0 && piece.endMicros() - piece.startMicros() == step;
                    List<StoreAnswer> hits = cached.get(i).map(List::of).orElse(List.of());
                    if (hits.isEmpty() && wholeStep) {
                        hits = narrowerPieces(
                                piece.startMicros(), step, edge, (a, b) -> QueryPlanner.aggregatePiece(plan, a, b)
                                        .plan()
                                        .key());
                    }
                    if (hits.isEmpty()) {
                        if (wholeStep) {
                            // a whole step missing: a cold read, or one after an invalidation. Asked in whole steps,
                            // all of it is one store query; its edges are cut into edge pieces by the next read.
                            return Optional.of(WHOLE_STEPS);
                        }
                        missing[i] = true;
                        continue;
                    }
                    fromCache[0]++;
                    for (StoreAnswer hit : hits) {
                        fromCache[1] += hit.body().length;
                    }
                    answers.addAll(hits);
                }
                // runs of consecutive missing pieces, all of one width: edge pieces, or whole steps when edge is 0
                // (with edge pieces, a missing whole step made the read ask in whole steps above)
                List<List<QueryPlanner.Piece>> runs = new ArrayList<>();
                for (int i = 0; i < pieces.size(); i++) {
                    if (!missing[i]) {
                        continue;
                    }
                    if (i > 0 && missing[i - 1]) {
                        runs.get(runs.size() - 1).add(pieces.get(i));
                    } else {
                        runs.add(new ArrayList<>(List.of(pieces.get(i))));
                    }
                }
                if (!runs.isEmpty() || hasTail) {
                    List<StoreAnswer> segments = askPieces(read, runs, hasTail ? tailStart : -1, grain, rowLimit);
                    if (segments.size() == 1 && !segments.get(0).ok()) {
                        return Optional.of(segments.get(0)); // the store's error is the answer
                    }
                    if (segments.isEmpty()) {
                        refusal.note(edge);
                        return Optional.<StoreAnswer>empty(); // not cut: send the query whole
                    }
                    answers.addAll(segments);
                }
                Optional<StoreAnswer> merged = AggregateMerger.merge(answers, plan.aggregated(), rowLimit);
                if (merged.isEmpty()) {
                    refusal.note(edge);
                } else if (invalidationLive.getAsBoolean()) {
                    if (!hasTail && worthCaching(merged.get())) {
                        cache.put(plan, merged.get(), generation);
                    } else if (fresh) {
                        freshCache.put(plan, merged.get(), freshGeneration);
                    }
                }
                return merged;
            });
        } catch (RetryLaterException e) {
            stats.record(read.org(), Outcome.REJECTED, 0);
            throw e;
        }
        if (outcome.value().isEmpty()) {
            return Optional.empty();
        }
        StoreAnswer answer = outcome.value().get();
        if (answer == WHOLE_STEPS) {
            return aggregateRead(read, fresh, step, 0, refusal);
        }
        if (outcome.shared()) {
            stats.record(read.org(), Outcome.COALESCED, answer.body().length);
        } else if (fromCache[0] == pieces.size() && !hasTail) {
            stats.record(read.org(), Outcome.HIT, answer.body().length);
        } else {
            stats.record(read.org(), fromCache[0] > 0 ? Outcome.PARTIAL : Outcome.MISS, answer.body().length);
            stats.savedBytes(read.org(), fromCache[1]);
        }
        return Optional.of(answer);
    }

    /**
     * The cached answers of the narrower pieces (edge pieces, or single buckets) that make up the whole step from
     * {@code stepStart}, in order, each found under {@code key} of its start and end (a step that was at an edge of an
     * earlier read); empty unless every one is cached.
     */
    private List<StoreAnswer> narrowerPieces(
            long stepStart, long step, long width, java.util.function.BiFunction<Long, Long, String> key) {
        List<String> keys = new ArrayList<>();
        for (long at = stepStart; at < stepStart + step; at += width) {
            keys.add(key.apply(at, at + width));
        }
        List<StoreAnswer> answers = new ArrayList<>();
        for (Optional<StoreAnswer> hit : cache.getAll(keys)) {
            if (hit.isEmpty()) {
                return List.of();
            }
            answers.add(hit.get());
        }
        return answers;
    }

    /**
     * The store queries of the missing pieces of one width of an aggregate read (and of the fresh tail from
     * {@code tailStart} when it is not -1): ONE query when that is provably exact ({@link #aggregateCombined}), else
     * one per run of pieces (the tail joining the run it follows), sent at once. Answers the segments in order; the
     * store's answer alone when it is an error; nothing when a cut is not provably exact.
     */
    private List<StoreAnswer> askPieces(
            Read read, List<List<QueryPlanner.Piece>> runs, long tailStart, long width, int rowLimit) {
        boolean tailJoins = tailStart >= 0
                && !runs.isEmpty()
                && last(runs.get(runs.size() - 1)).plan().endMicros() == tailStart;
        int spans = runs.size() + (tailStart >= 0 && !tailJoins ? 1 : 0);
        if (combineMissing && spans > 1) {
            List<StoreAnswer> combined = aggregateCombined(read, runs, tailStart, width, rowLimit);
            if (!combined.isEmpty()) {
                return combined;
            }
        }
        List<Supplier<List<StoreAnswer>>> queries = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            List<QueryPlanner.Piece> run = runs.get(i);
            boolean withTail = tailJoins && i == runs.size() - 1;
            queries.add(() -> aggregateSpan(read, run, withTail ? tailStart : -1, width, rowLimit));
        }
        if (tailStart >= 0 && !tailJoins) {
            queries.add(() -> aggregateSpan(read, List.of(), tailStart, width, rowLimit));
        }
        List<StoreAnswer> segments = new ArrayList<>();
        for (List<StoreAnswer> answer : askAll(queries)) {
            if (answer.isEmpty() || (answer.size() == 1 && !answer.get(0).ok())) {
                return answer;
            }
            segments.addAll(answer);
        }
        return segments;
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    /**
     * One store query for a run of missing pieces of an aggregate query (and the fresh tail from {@code tailStart}
     * when it is not -1): its answer cut into the pieces' answers (cached) and the tail's. Answers the segments; the
     * store's answer alone when it is an error; nothing when the cut is not provably exact.
     */
    private List<StoreAnswer> aggregateSpan(
            Read read, List<QueryPlanner.Piece> run, long tailStart, long step, int rowLimit) {
        QueryPlan plan = read.plan();
        long spanStart = run.isEmpty() ? tailStart : run.get(0).plan().startMicros();
        long spanEnd = tailStart >= 0
                ? plan.endMicros()
                : run.get(run.size() - 1).plan().endMicros();
        QueryPlanner.Piece span = QueryPlanner.aggregateSpan(plan, spanStart, spanEnd, step);
        List<Long> starts = new ArrayList<>();
        for (QueryPlanner.Piece piece : run) {
            starts.add(HistogramShape.alignDown(piece.plan().startMicros(), step));
        }
        // the tail starts on a step boundary and may cover several steps: its rows are merged, never cached
        List<Long> tailSteps = new ArrayList<>();
        if (tailStart >= 0) {
            for (long at = HistogramShape.alignDown(tailStart, step); at < plan.endMicros(); at += step) {
                tailSteps.add(at);
            }
        }
        long[] stepStarts = new long[starts.size() + tailSteps.size()];
        for (int i = 0; i < starts.size(); i++) {
            stepStarts[i] = starts.get(i);
        }
        for (int i = 0; i < tailSteps.size(); i++) {
            stepStarts[starts.size() + i] = tailSteps.get(i);
        }
        return aggregateInFlight
                .run(span.plan().key() + " steps " + Arrays.toString(stepStarts) + " pieces " + run.size(), () -> {
                    long generation = cache.generation(plan);
                    StoreAnswer answer = storeQuery(pieceRead(read, span));
                    if (!answer.ok()) {
                        return List.of(answer);
                    }
                    Optional<List<StoreAnswer>> segments = AggregateMerger.cut(
                            answer, stepStarts, rowLimit, plan.aggregated().histogramSeconds());
                    if (segments.isEmpty()) {
                        return List.<StoreAnswer>of();
                    }
                    if (invalidationLive.getAsBoolean()) {
                        // a piece without rows is cached too: the cut proved the answer it came from complete
                        for (int i = 0; i < run.size(); i++) {
                            cache.put(run.get(i).plan(), segments.get().get(i), generation);
                        }
                    }
                    return segments.get();
                })
                .value();
    }

    /**
     * Several runs of missing pieces of an aggregate query (and the fresh tail from {@code tailStart} when it is not -1)
     * asked as ONE store query: the pieces' query ({@link #aggregateSpan}) from the first run's start to the last
     * span's end, leaving out the cached ranges between them ({@link ExcludedRanges}), coalesced with identical ones.
     * Its rows are cut by split step into the pieces' answers (cached) and the tail's; a row of a left-out step refuses
     * the cut. Empty, and nothing cached, when the query cannot be rewritten, the store did not answer 200, or the cut
     * is not provably right: the caller then asks the spans one by one.
     */
    private List<StoreAnswer> aggregateCombined(
            Read read, List<List<QueryPlanner.Piece>> runs, long tailStart, long step, int rowLimit) {
        QueryPlan plan = read.plan();
        List<QueryPlanner.Piece> lastRun = runs.get(runs.size() - 1);
        long lastRunEnd = lastRun.get(lastRun.size() - 1).plan().endMicros();
        long spanStart = runs.get(0).get(0).plan().startMicros();
        long spanEnd = tailStart >= 0 ? plan.endMicros() : lastRunEnd;
        List<long[]> excluded = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            List<QueryPlanner.Piece> before = runs.get(i - 1);
            excluded.add(new long[] {
                before.get(before.size() - 1).plan().endMicros(),
                runs.get(i).get(0).plan().startMicros()
            });
        }
        if (tailStart >= 0 && lastRunEnd < tailStart) {
            excluded.add(new long[] {lastRunEnd, tailStart});
        }
        Optional<QueryPlanner.Piece> span = QueryPlanner.aggregateSpan(plan, spanStart, spanEnd, step, excluded);
        if (span.isEmpty()) {
            return List.of();
        }
        List<QueryPlanner.Piece> pieces = new ArrayList<>();
        runs.forEach(pieces::addAll);
        List<Long> starts = new ArrayList<>();
        for (QueryPlanner.Piece piece : pieces) {
            starts.add(HistogramShape.alignDown(piece.plan().startMicros(), step));
        }
        if (tailStart >= 0) {
            for (long at = HistogramShape.alignDown(tailStart, step); at < plan.endMicros(); at += step) {
                starts.add(at);
            }
        }
        long[] stepStarts = starts.stream().mapToLong(Long::longValue).toArray();
        return combinedInFlight
                .run(
                        span.get().plan().key() + " steps " + Arrays.toString(stepStarts) + " pieces " + pieces.size(),
                        () -> {
                            long generation = cache.generation(plan);
                            StoreAnswer answer = storeQuery(pieceRead(read, span.get()));
                            if (!answer.ok()) {
                                return List.<StoreAnswer>of();
                            }
                            // a row of a left-out step has no segment: the cut refuses it
                            Optional<List<StoreAnswer>> segments = AggregateMerger.cut(
                                    answer,
                                    stepStarts,
                                    rowLimit,
                                    plan.aggregated().histogramSeconds());
                            if (segments.isEmpty()) {
                                return List.<StoreAnswer>of();
                            }
                            if (invalidationLive.getAsBoolean()) {
                                // a piece without rows is cached too: the cut proved the answer complete
                                for (int i = 0; i < pieces.size(); i++) {
                                    cache.put(
                                            pieces.get(i).plan(), segments.get().get(i), generation);
                                }
                            }
                            return segments.get();
                        })
                .value();
    }

    /**
     * Consecutive pieces missing from the cache, and the fresh tail when it follows them: asked from the store as ONE
     * query over their whole span (coalesced with identical spans), whose answer is then cut into the pieces' answers
     * and cached piece by piece (the tail's part is not cached). When the cut is not provably exact
     * ({@link HistogramSlicer}), the span's answer is used whole and nothing of it is cached.
     */
    private StoreAnswer missingSpan(Read read, List<QueryPlanner.Piece> run, QueryPlanner.Piece tail) {
        QueryPlan plan = read.plan();
        long spanStart = run.get(0).plan().startMicros();
        long spanEnd = tail != null
                ? tail.plan().endMicros()
                : run.get(run.size() - 1).plan().endMicros();
        QueryPlanner.Piece span =
                run.size() == 1 && tail == null ? run.get(0) : QueryPlanner.piece(plan, spanStart, spanEnd);
        return inFlight.run(span.plan().key(), () -> {
                    long generation = cache.generation(span.plan());
                    StoreAnswer answer = storeQuery(pieceRead(read, span));
                    if (!invalidationLive.getAsBoolean() || !worthCaching(answer)) {
                        return answer;
                    }
                    if (span == run.get(0)) {
                        cache.put(span.plan(), answer, generation);
                        return answer;
                    }
                    long[] cuts = new long[run.size() - (tail == null ? 1 : 0)];
                    for (int i = 0; i < cuts.length; i++) {
                        cuts[i] = run.get(i).plan().endMicros();
                    }
                    HistogramSlicer.slice(answer, plan.bucketed(), spanStart, cuts, spanEnd, rowLimit(plan))
                            .ifPresent(segments -> {
                                for (int i = 0; i < run.size(); i++) {
                                    if (worthCaching(segments.get(i))) {
                                        cache.put(run.get(i).plan(), segments.get(i), generation);
                                    }
                                }
                            });
                    return answer;
                })
                .value();
    }

    /**
     * A run of consecutive pieces missing from the cache, with the fresh tail when it follows them (the tail alone when
     * the run is empty).
     */
    private record Missing(List<QueryPlanner.Piece> run, QueryPlanner.Piece tail) {

        long start() {
            return run.isEmpty() ? tail.plan().startMicros() : run.get(0).plan().startMicros();
        }

        long end() {
            return tail != null
                    ? tail.plan().endMicros()
                    : run.get(run.size() - 1).plan().endMicros();
        }
    }

    /**
     * Several missing spans of a histogram query asked as ONE store query: the same query from the first span's start
     * to the last span's end, leaving out the cached ranges between them ({@link ExcludedRanges}), coalesced with
     * identical ones. Its answer is cut at every piece and range boundary ({@link HistogramSlicer}); the pieces' parts
     * are cached as {@link #missingSpan} does. Null, and nothing cached, unless that is provably exact: the query could
     * be rewritten, the store answered 200, the cut is exact, and no row lies in a left-out range; the caller then asks
     * the spans one by one. Otherwise each span's parts (its pieces and tail), in span order.
     */
    private List<List<StoreAnswer>> combinedSpans(Read read, List<Missing> missing) {
        QueryPlan plan = read.plan();
        if (plan.bucketed().column() == null) {
            return null;
        }
        List<long[]> excluded = new ArrayList<>();
        for (int i = 1; i < missing.size(); i++) {
            excluded.add(new long[] {missing.get(i - 1).end(), missing.get(i).start()});
        }
        long spanStart = missing.get(0).start();
        long spanEnd = missing.get(missing.size() - 1).end();
        Optional<QueryPlanner.Piece> combined = QueryPlanner.excluding(plan, spanStart, spanEnd, excluded);
        if (combined.isEmpty()) {
            return null;
        }
        // the parts in time order: each span's pieces, its tail, then the left-out range before the next span (-1)
        List<QueryPlanner.Piece> parts = new ArrayList<>();
        List<Integer> spanOfPart = new ArrayList<>();
        List<Long> cuts = new ArrayList<>();
        for (int i = 0; i < missing.size(); i++) {
            Missing span = missing.get(i);
            for (QueryPlanner.Piece piece : span.run()) {
                parts.add(piece);
                spanOfPart.add(i);
                cuts.add(piece.plan().endMicros());
            }
            if (span.tail() != null) {
                parts.add(span.tail());
                spanOfPart.add(i);
                cuts.add(span.tail().plan().endMicros());
            }
            if (i < missing.size() - 1) {
                parts.add(null);
                spanOfPart.add(-1);
                cuts.add(missing.get(i + 1).start());
            }
        }
        cuts.remove(cuts.size() - 1); // the span's end
        long[] cutArray = cuts.stream().mapToLong(Long::longValue).toArray();
        // identical reads share the query; its parts (pieces or tail) also depend on the clock: both in the key
        String flightKey = combined.get().plan().key() + " parts " + cuts + " " + spanOfPart + " "
                + parts.stream().map(part -> part == null ? "-" : "p").toList();
        List<StoreAnswer> segments = combinedInFlight
                .run(flightKey, () -> {
                    long generation = cache.generation(plan);
                    StoreAnswer answer = storeQuery(pieceRead(read, combined.get()));
                    if (!answer.ok()) {
                        return List.<StoreAnswer>of();
                    }
                    Optional<List<StoreAnswer>> cut = HistogramSlicer.slice(
                            answer, plan.bucketed(), spanStart, cutArray, spanEnd, rowLimit(plan));
                    if (cut.isEmpty()) {
                        return List.<StoreAnswer>of();
                    }
                    for (int i = 0; i < parts.size(); i++) {
                        if (parts.get(i) == null && !empty(cut.get().get(i))) {
                            return List.<StoreAnswer>of(); // a row in a left-out range: the store ignored the predicate
                        }
                    }
                    if (invalidationLive.getAsBoolean()) {
                        for (int i = 0; i < parts.size(); i++) {
                            QueryPlanner.Piece part = parts.get(i);
                            boolean piece = part != null
                                    && part != missing.get(spanOfPart.get(i)).tail();
                            if (piece && worthCaching(cut.get().get(i))) {
                                cache.put(part.plan(), cut.get().get(i), generation);
                            }
                        }
                    }
                    return cut.get();
                })
                .value();
        if (segments.isEmpty()) {
            return null;
        }
        List<List<StoreAnswer>> bySpan = new ArrayList<>();
        for (int i = 0; i < missing.size(); i++) {
            bySpan.add(new ArrayList<>());
        }
        for (int i = 0; i < parts.size(); i++) {
            if (spanOfPart.get(i) >= 0) {
                bySpan.get(spanOfPart.get(i)).add(segments.get(i));
            }
        }
        return bySpan;
    }

    /** Whether an answer (a segment cut by this frontend) has no rows. */
    private static boolean empty(StoreAnswer answer) {
        try {
            JsonNode hits = JSON.readTree(answer.body()).path("hits");
            return hits.isArray() && hits.isEmpty();
        } catch (JacksonException e) {
            return false;
        }
    }

    /**
     * Runs the store queries at once (all but the last on the span pool, the last on the caller's thread) and returns
     * their answers in order. A query refused by the org's limit, or failing, fails the whole read.
     */
    private <T> List<T> askAll(List<Supplier<T>> queries) {
        if (queries.isEmpty()) {
            return List.of();
        }
        List<CompletableFuture<T>> others = new ArrayList<>();
        for (Supplier<T> query : queries.subList(0, queries.size() - 1)) {
            others.add(CompletableFuture.supplyAsync(query, spanPool));
        }
        T last = queries.get(queries.size() - 1).get();
        List<T> answers = new ArrayList<>();
        for (CompletableFuture<T> other : others) {
            try {
                answers.add(other.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw e;
            }
        }
        answers.add(last);
        return answers;
    }

    private static Read pieceRead(Read read, QueryPlanner.Piece piece) {
        return new Read(
                read.method(),
                read.org(),
                read.pathAndQuery(),
                read.authorization(),
                read.contentType(),
                piece.body(),
                piece.plan(),
                false);
    }

    /** The rows the store would return at most: {@code size}, or its default of 1000. */
    private static int rowLimit(QueryPlan plan) {
        JsonNode size = plan.split().request().path("query").path("size");
        return size.isIntegralNumber() && size.asInt() > 0 ? size.asInt() : 1000;
    }

    /**
     * The answers of consecutive pieces as one: hits concatenated in bucket order, {@code total} their number, scan
     * counters summed, everything else from the last piece. Empty when the rows reach the limit.
     */
    static Optional<StoreAnswer> merge(List<StoreAnswer> answers, boolean descending, int rowLimit) {
        ArrayNode hits = JSON.createArrayNode();
        ObjectNode template = null;
        long[] scans = new long[3];
        String[] scanFields = {"scan_records", "scan_size", "idx_scan_size"};
        String contentType = null;
        for (StoreAnswer answer : answers) {
            JsonNode body;
            try {
                body = JSON.readTree(answer.body());
            } catch (JacksonException e) {
                return Optional.empty();
            }
            if (!(body instanceof ObjectNode object) || !object.path("hits").isArray()) {
                return Optional.empty();
            }
            if (object.path("is_partial").asBoolean(false)) {
                return Optional.empty();
            }
            template = object;
            contentType = answer.contentType();
            for (int i = 0; i < scanFields.length; i++) {
                scans[i] += object.path(scanFields[i]).asLong(0);
            }
            ArrayNode pieceHits = (ArrayNode) object.get("hits");
            if (descending) {
                ArrayNode reordered = JSON.createArrayNode();
                reordered.addAll(pieceHits);
                reordered.addAll(hits);
                hits = reordered;
            } else {
                hits.addAll(pieceHits);
            }
        }
        if (template == null || hits.size() >= rowLimit) {
            return Optional.empty();
        }
        ObjectNode merged = template.deepCopy();
        merged.set("hits", hits);
        merged.put("total", hits.size());
        for (int i = 0; i < scanFields.length; i++) {
            if (merged.has(scanFields[i])) {
                merged.put(scanFields[i], scans[i]);
            }
        }
        return Optional.of(new StoreAnswer(200, contentType, JSON.writeValueAsBytes(merged)));
    }

    /** The cache, for invalidation from a stream deletion seen on this path. */
    public void streamDeleted(String org, String stream) {
        cache.streamDeleted(org, stream);
    }

    /** Callers waiting right now for an identical query in flight. */
    public long coalescedWaiting() {
        return inFlight.waiting() + splitInFlight.waiting() + aggregateInFlight.waiting() + combinedInFlight.waiting();
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
            if (read.plan() != null && answer.ok()) {
                long[] scanned = scanCounters(answer.body());
                stats.log().scanned(read.org(), description, scanned[0], scanned[1], millis);
            }
            return answer;
        });
    }

    /**
     * The store's {@code scan_records} and {@code scan_size} from the top level of an answer, read with a streaming
     * parser that skips the rows (an answer may be megabytes); zeros when absent or unreadable.
     */
    static long[] scanCounters(byte[] body) {
        long[] counters = new long[2];
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return counters;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                } else if (value == JsonToken.VALUE_NUMBER_INT) {
                    if ("scan_records".equals(name)) {
                        counters[0] = parser.getLongValue();
                    } else if ("scan_size".equals(name)) {
                        counters[1] = parser.getLongValue();
                    }
                }
            }
        } catch (JacksonException e) {
            // what was read so far
        }
        return counters;
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

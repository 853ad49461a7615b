package io.shopwatch.performance.frontend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Runs identical work once: the first caller of a key (the leader) does it, callers arriving while it runs wait for the
 * leader's result (or its exception). Nothing is remembered once the work is done; that is the cache's job — with one
 * exception, {@link #run(String, long, Supplier)} with {@link #SingleFlight(ToIntFunction)}: a caller whose request <em>arrived</em> while the work was running,
 * but that reached this point only after it finished (its request waited for a CPU in the HTTP layer), gets the
 * result too, exactly as if it had arrived a moment sooner and waited. That keeps a burst of identical requests on a
 * busy machine to one store query, with no answer older than a waiter's would be.
 */
public final class SingleFlight<V> {

    /** A result, and whether this caller waited for another's work. */
    public record Outcome<V>(V value, boolean shared) {}

    /** A finished work's result and when it finished ({@link System#nanoTime()}). */
    private record Landed<V>(V value, long landedNanos) {}

    private final Map<String, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong waiting = new AtomicLong();
    /** Results of the last second, for late waiters (16 MiB at most); null: none kept. */
    private final Cache<String, Landed<V>> landed;

    /** Single flight without late waiters. */
    public SingleFlight() {
        this.landed = null;
    }

    /**
     * Single flight that keeps each result for a second (16 MiB of them at most) for late waiters.
     *
     * @param bytes the size of a result
     */
    public SingleFlight(ToIntFunction<V> bytes) {
        this.landed = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofSeconds(1))
                .maximumWeight(16L << 20)
                .<String, Landed<V>>weigher((key, result) -> key.length() + bytes.applyAsInt(result.value()))
                .executor(Runnable::run)
                .build();
    }

    /** The work of {@code key}, done once for every caller in flight at once (a caller arriving now). */
    public Outcome<V> run(String key, Supplier<V> work) {
        return run(key, System.nanoTime(), work);
    }

    /**
     * @param arrivedNanos when the caller's request arrived ({@link System#nanoTime()}): a result that landed after it is
     *     the caller's as a waiter's
     */
    public Outcome<V> run(String key, long arrivedNanos, Supplier<V> work) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            waiting.incrementAndGet();
            try {
                return new Outcome<>(running.get(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an identical query", e);
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            Landed<V> recent = landed == null ? null : landed.getIfPresent(key);
            if (recent != null && recent.landedNanos() - arrivedNanos > 0) {
                mine.complete(recent.value());
                return new Outcome<>(recent.value(), true);
            }
            V value = work.get();
            if (landed != null && value != null) {
                landed.put(key, new Landed<>(value, System.nanoTime()));
            }
            mine.complete(value);
            return new Outcome<>(value, false);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** Callers waiting for another caller's work right now. */
    public long waiting() {
        return waiting.get();
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new CompletionException(cause);
    }
}

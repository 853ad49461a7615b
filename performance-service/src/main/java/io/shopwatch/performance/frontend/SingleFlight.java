package io.shopwatch.performance.frontend;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs identical work once: the first caller of a key (the leader) does it, callers arriving while it runs wait for the
 * leader's result (or its exception). Nothing is remembered once the work is done; that is the cache's job.
 */
public final class SingleFlight<V> {

    /** A result, and whether this caller waited for another's work. */
    public record Outcome<V>(V value, boolean shared) {}

    private final Map<String, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong waiting = new AtomicLong();

    public Outcome<V> run(String key, Supplier<V> work) {
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
            V value = work.get();
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

package io.shopwatch.auth.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;

/**
 * Fixed-window counters per key (a client address): at most {@code limit} events per window, the window starting at
 * the first event. Time comes from the caller, so that tests move it without sleeping; the number of keys is bounded.
 */
final class AttemptWindows {

    private final int limit;
    private final Duration window;
    private final Cache<String, Window> windows;

    private static final class Window {
        Instant start;
        int count;

        Window(Instant start) {
            this.start = start;
        }
    }

    AttemptWindows(int limit, Duration window, int maxKeys) {
        this.limit = limit;
        this.window = window;
        this.windows = Caffeine.newBuilder().maximumSize(maxKeys).build();
    }

    /** Counts one event; returns how long to wait when the limit is already reached (nothing counted), else null. */
    Duration tryAcquire(String key, Instant now) {
        Window w = windows.get(key, k -> new Window(now));
        synchronized (w) {
            roll(w, now);
            if (w.count >= limit) {
                return Duration.between(now, w.start.plus(window));
            }
            w.count++;
            return null;
        }
    }

    /** How long to wait when the limit is reached, else null; counts nothing. */
    Duration blockedFor(String key, Instant now) {
        Window w = windows.getIfPresent(key);
        if (w == null) {
            return null;
        }
        synchronized (w) {
            roll(w, now);
            return w.count >= limit ? Duration.between(now, w.start.plus(window)) : null;
        }
    }

    /** Counts one event; returns true when this event reached the limit. */
    boolean add(String key, Instant now) {
        Window w = windows.get(key, k -> new Window(now));
        synchronized (w) {
            roll(w, now);
            w.count++;
            return w.count == limit;
        }
    }

    void clear() {
        windows.invalidateAll();
    }

    private void roll(Window w, Instant now) {
        if (!now.isBefore(w.start.plus(window)) || now.isBefore(w.start)) {
            w.start = now;
            w.count = 0;
        }
    }
}

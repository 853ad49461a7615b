package io.shopwatch.alert.rule.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Events of one group within a sliding window: a count over {@code (now - window, now]}. Events are remembered by id,
 * so that a record delivered twice counts once; at most {@code capacity} events are kept (the count saturates there).
 */
public final class SlidingWindow {

    private record Event(Instant at, String id) {}

    private final Duration window;
    private final int capacity;
    private final Deque<Event> events = new ArrayDeque<>();
    private final Set<String> ids = new HashSet<>();

    public SlidingWindow(Duration window, int capacity) {
        this.window = window;
        this.capacity = capacity;
    }

    /** Adds an event and returns the count at {@code now}. */
    public synchronized int add(Instant at, String id, Instant now) {
        expire(now);
        if (at.isAfter(now)) {
            at = now;
        }
        if (!at.isAfter(now.minus(window)) || (id != null && !ids.add(id))) {
            return events.size();
        }
        if (events.size() >= capacity) {
            Event dropped = events.pollFirst();
            if (dropped.id() != null) {
                ids.remove(dropped.id());
            }
        }
        // events arrive roughly in order; keep the deque ordered by time
        if (events.isEmpty() || !events.peekLast().at().isAfter(at)) {
            events.addLast(new Event(at, id));
        } else {
            Deque<Event> tail = new ArrayDeque<>();
            while (!events.isEmpty() && events.peekLast().at().isAfter(at)) {
                tail.addFirst(events.pollLast());
            }
            events.addLast(new Event(at, id));
            events.addAll(tail);
        }
        return events.size();
    }

    /** The count at {@code now}. */
    public synchronized int count(Instant now) {
        expire(now);
        return events.size();
    }

    private void expire(Instant now) {
        Instant limit = now.minus(window);
        while (!events.isEmpty() && !events.peekFirst().at().isAfter(limit)) {
            Event e = events.pollFirst();
            if (e.id() != null) {
                ids.remove(e.id());
            }
        }
    }
}

package io.shopwatch.simulator;

import io.shopwatch.client.ClientStats;
import io.shopwatch.client.Event;
import io.shopwatch.client.LogEntry;
import io.shopwatch.client.ShopWatchClient;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays shopper sessions against ShopWatch through the client library: starts {@code rate} sessions a second (at most
 * {@code concurrency} at once), plays each session's steps after their think times (divided by {@code speed}), and
 * hands every event and log line to the client, which batches and retries them.
 */
final class Simulator {

    /**
     * What to simulate.
     *
     * @param sessions sessions to play in all; 0 for no limit (then {@code duration} ends the run)
     * @param rate sessions started per second
     * @param speed how much faster than real shoppers (think times are divided by it)
     * @param duration longest run, {@code null} for none
     */
    record Settings(
            int sessions,
            double rate,
            double speed,
            int concurrency,
            Duration duration,
            long seed,
            SessionScript.Funnel funnel) {}

    /** What was played. */
    record Summary(long sessions, long events, long logs, ClientStats client) {}

    private final ShopWatchClient client;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final Semaphore slots;
    private final AtomicLong sessionsPlayed = new AtomicLong();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong logsSent = new AtomicLong();

    Simulator(ShopWatchClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "storefront-session");
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(settings.concurrency());
    }

    /** Runs until the sessions are played or the duration is over; then flushes the client. */
    Summary run() throws InterruptedException {
        Random seeds = new Random(settings.seed());
        long startedAt = System.nanoTime();
        long deadline = settings.duration() == null
                ? Long.MAX_VALUE
                : startedAt + settings.duration().toNanos();
        long intervalNanos = (long) (1_000_000_000L / Math.max(0.001, settings.rate()));
        int limit = settings.sessions() <= 0 ? Integer.MAX_VALUE : settings.sessions();
        long next = startedAt;
        for (int i = 0; i < limit && System.nanoTime() < deadline; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += intervalNanos;
            slots.acquire();
            long seed = seeds.nextLong();
            scheduler.execute(() -> play(
                    new Random(seed),
                    SessionScript.plan(new Random(seed), settings.funnel()),
                    0,
                    "sess-" + Long.toHexString(seed & Long.MAX_VALUE),
                    userId(seed)));
        }
        slots.acquire(settings.concurrency());
        slots.release(settings.concurrency());
        scheduler.shutdown();
        client.flush(Duration.ofSeconds(30));
        return new Summary(sessionsPlayed.get(), eventsSent.get(), logsSent.get(), client.stats());
    }

    private static String userId(long seed) {
        return (seed & 3) == 0 ? null : "u-" + Long.toHexString((seed >>> 8) & 0xFFFFFFFFL);
    }

    private void play(Random random, List<SessionScript.Step> steps, int index, String sessionId, String userId) {
        if (index >= steps.size()) {
            sessionsPlayed.incrementAndGet();
            slots.release();
            return;
        }
        SessionScript.Step step = steps.get(index);
        for (SessionScript.EventSpec spec : step.events()) {
            client.track(Event.builder(spec.type(), sessionId)
                    .userId(userId)
                    .properties(spec.properties())
                    .build());
            eventsSent.incrementAndGet();
        }
        String spanId = Long.toHexString(random.nextLong() | Long.MIN_VALUE);
        for (SessionScript.LogSpec spec : step.logs()) {
            LogEntry.Builder entry = LogEntry.builder(spec.level(), spec.service(), spec.message())
                    .trace(step.traceId(), spanId)
                    .attributes(spec.attributes())
                    .attribute("session_id", sessionId);
            client.log(entry.build());
            logsSent.incrementAndGet();
        }
        if (index + 1 >= steps.size()) {
            play(random, steps, index + 1, sessionId, userId);
            return;
        }
        long thinkMillis = (long) (steps.get(index + 1).think().toMillis() / Math.max(0.001, settings.speed()));
        scheduler.schedule(() -> play(random, steps, index + 1, sessionId, userId), thinkMillis, TimeUnit.MILLISECONDS);
    }
}

package io.shopwatch.simulator;

import io.shopwatch.client.ClientStats;
import io.shopwatch.client.Event;
import io.shopwatch.client.LogEntry;
import io.shopwatch.client.ShopWatchClient;
import java.time.Duration;
import java.time.Instant;
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
    record Summary(long sessions, long events, long logs, ClientStats client, OtlpTraceExporter.Stats spans) {}

    private final ShopWatchClient client;
    private final OtlpTraceExporter traces;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final Semaphore slots;
    private final AtomicLong sessionsPlayed = new AtomicLong();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong logsSent = new AtomicLong();

    Simulator(ShopWatchClient client, Settings settings) {
        this(client, settings, null);
    }

    /** @param traces where the steps' spans go; {@code null} for no spans */
    Simulator(ShopWatchClient client, Settings settings, OtlpTraceExporter traces) {
        this.traces = traces;
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
        OtlpTraceExporter.Stats spans = null;
        if (traces != null) {
            traces.close(Duration.ofSeconds(30));
            spans = traces.stats();
        }
        return new Summary(sessionsPlayed.get(), eventsSent.get(), logsSent.get(), client.stats(), spans);
    }

    /** Browsers the shoppers use (desktop, phone, tablet), read by the pipeline's user-agent enricher. */
    static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0"
                    + " Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1"
                    + " Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                    + " Version/18.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile"
                    + " Safari/537.36",
            "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6"
                    + " Mobile/15E148 Safari/604.1");

    /**
     * Shoppers' addresses, read by the pipeline's GeoIP enricher: documentation addresses (RFC 5737 and RFC 3849) that
     * no real host has, in five networks (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8:1::/48,
     * 2001:db8:2::/48). pipeline-service's demo CSV {@code geoip/simulator-demo-country.csv}, which the local stack
     * configures, gives each network a made-up country, so the region panel has data; a real GeoIP database locates
     * none of them.
     */
    static final List<String> CLIENT_IPS =
            List.of("192.0.2.10", "192.0.2.77", "198.51.100.23", "203.0.113.5", "2001:db8:1::17", "2001:db8:2::42");

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
            int visitor = sessionId.hashCode();
            client.track(Event.builder(spec.type(), sessionId)
                    .userId(userId)
                    .properties(spec.properties())
                    .property("user_agent", USER_AGENTS.get(Math.floorMod(visitor, USER_AGENTS.size())))
                    .property("client_ip", CLIENT_IPS.get(Math.floorMod(visitor >>> 8, CLIENT_IPS.size())))
                    .build());
            eventsSent.incrementAndGet();
        }
        String spanId = Long.toHexString(random.nextLong() | Long.MIN_VALUE);
        if (traces != null) {
            Instant now = Instant.now();
            traces.export(StepSpans.of(
                    step,
                    spanId,
                    now.getEpochSecond() * 1_000_000_000L + now.getNano(),
                    new Random(spanId.hashCode() * 31L + index)));
        }
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

package io.shopwatch.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends logs and behaviour events to ShopWatch ({@code POST /api/v1/logs}, {@code POST /api/v1/events}).
 *
 * <p>Two ways to use it. {@link #log} and {@link #track} never block: they put the record in a bounded queue and
 * return {@code false} (counting a drop) when the queue is full; one background thread sends the queues in batches
 * of {@code batchSize}, or whatever is there every {@code flushInterval}. {@link #sendLogs} and {@link #sendEvents}
 * send a batch now, on the caller's thread, and return ShopWatch's per-record answer.
 *
 * <p>Every send carries the API key ({@value HttpTransport#API_KEY_HEADER}); answers 429 and 5xx and network errors
 * are retried with exponential backoff and jitter, honouring Retry-After up to {@code maxRetryWait}; a 413 splits
 * the batch in halves. Records get their id when they are made, so a retried batch is recognised downstream and
 * stored once. Thread-safe; {@link #close} sends what is queued (up to {@code closeTimeout}).
 */
public final class ShopWatchClient implements AutoCloseable {

    static final String LOGS_PATH = "api/v1/logs";
    static final String EVENTS_PATH = "api/v1/events";
    static final String METRICS_PATH = "api/v1/metrics";
    private static final System.Logger LOG = System.getLogger(ShopWatchClient.class.getName());

    private final HttpTransport transport;
    private final JsonCodec codec;
    private final int batchSize;
    private final Duration flushInterval;
    private final Duration closeTimeout;
    private final String dropReportService;
    private final BlockingQueue<LogEntry> logs;
    private final BlockingQueue<Event> events;
    private final BlockingQueue<MetricSample> metrics;
    private final Thread sender;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition flushed = lock.newCondition();
    private long flushRequested;
    private long flushDone;
    private volatile boolean senderWaiting;
    private final AtomicBoolean closing = new AtomicBoolean();

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong unreportedLogDrops = new AtomicLong();
    private final AtomicLong unreportedEventDrops = new AtomicLong();
    private final AtomicLong unreportedMetricDrops = new AtomicLong();

    private ShopWatchClient(Builder b) {
        this.codec = new JsonCodec();
        HttpClient http = b.httpClient != null
                ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
        this.transport = new HttpTransport(
                http,
                b.baseUrl,
                b.apiKey,
                b.org,
                b.gzip,
                b.requestTimeout,
                new RetryPolicy(b.maxAttempts, b.initialBackoff, b.maxRetryWait),
                codec,
                b.headers);
        this.batchSize = b.batchSize;
        this.flushInterval = b.flushInterval;
        this.closeTimeout = b.closeTimeout;
        this.dropReportService = b.dropReportService;
        // two-lock queues: a full queue refuses an offer without taking a lock, and producers never wait for the
        // sender's drain (an ArrayBlockingQueue has one lock for both, and a descheduled holder stalls every caller)
        this.logs = new LinkedBlockingQueue<>(b.queueCapacity);
        this.events = new LinkedBlockingQueue<>(b.queueCapacity);
        this.metrics = new LinkedBlockingQueue<>(b.queueCapacity);
        this.sender = new Thread(this::run, "shopwatch-client-sender");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /**
     * A client for the ShopWatch at {@code baseUrl} (the gateway, e.g. {@code http://localhost:8080}, or the
     * logging-service itself).
     */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** Queues a log record; never blocks. {@code false}: the queue was full (or the client closed) and it is dropped. */
    public boolean log(LogEntry entry) {
        return enqueue(logs, Objects.requireNonNull(entry, "entry"), unreportedLogDrops);
    }

    /**
     * Queues the log record {@code entry} makes; never blocks. When the queue is full (or the client closed) the
     * record is dropped and counted <em>without being made</em>, so a backlog costs the caller next to nothing: the
     * Logback appender uses this. {@code false}: dropped.
     */
    public boolean log(Supplier<LogEntry> entry) {
        Objects.requireNonNull(entry, "entry");
        if (closing.get() || logs.remainingCapacity() == 0) {
            drop(unreportedLogDrops);
            return false;
        }
        return log(entry.get());
    }

    /** Queues a behaviour event; never blocks. {@code false}: the queue was full (or the client closed). */
    public boolean track(Event event) {
        return enqueue(events, Objects.requireNonNull(event, "event"), unreportedEventDrops);
    }

    /**
     * Queues a metric sample ({@code POST /api/v1/metrics}); never blocks. {@code false}: the queue was full (or the
     * client closed) and it is dropped. {@link io.shopwatch.client.metrics.ShopWatchMetrics} and the Micrometer
     * registry call this with the snapshot of their instruments.
     */
    public boolean record(MetricSample sample) {
        return enqueue(metrics, Objects.requireNonNull(sample, "sample"), unreportedMetricDrops);
    }

    /**
     * Sends log records now and returns ShopWatch's answer (split into several requests when larger than the batch
     * size or refused as too large).
     *
     * @throws ShopWatchClientException when ShopWatch refuses the batch or the retries run out
     */
    public IngestResult sendLogs(List<LogEntry> entries) throws InterruptedException {
        return send(LOGS_PATH, entries, codec::logs);
    }

    /** Sends behaviour events now; see {@link #sendLogs}. */
    public IngestResult sendEvents(List<Event> batch) throws InterruptedException {
        return send(EVENTS_PATH, batch, codec::events);
    }

    /** Sends metric samples now; see {@link #sendLogs}. */
    public IngestResult sendMetrics(List<MetricSample> batch) throws InterruptedException {
        return send(METRICS_PATH, batch, codec::metrics);
    }

    /**
     * Sends everything queued before this call and waits until that is done (stored, rejected or given up).
     *
     * @return {@code false} when the timeout passed first
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long mine = ++flushRequested;
            wake.signal();
            while (flushDone < mine) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !sender.isAlive()) {
                    return flushDone >= mine;
                }
                flushed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public ClientStats stats() {
        return new ClientStats(
                logs.size() + events.size() + metrics.size(),
                accepted.get(),
                rejected.get(),
                dropped.get(),
                failed.get(),
                transport.batches.get(),
                transport.retries.get());
    }

    /** Stops taking records, sends what is queued for up to {@code closeTimeout}, counts the rest as failed. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        signal();
        try {
            sender.join(closeTimeout.toMillis());
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(TimeUnit.SECONDS.toMillis(2));
            }
        } catch (InterruptedException e) {
            sender.interrupt();
            Thread.currentThread().interrupt();
        }
        long lost = drainAndCount(logs) + drainAndCount(events) + drainAndCount(metrics);
        if (lost > 0) {
            failed.addAndGet(lost);
            LOG.log(System.Logger.Level.WARNING, "ShopWatch client closed with {0} records unsent", lost);
        }
    }

    private <T> boolean enqueue(BlockingQueue<T> queue, T record, AtomicLong unreported) {
        if (closing.get() || !queue.offer(record)) {
            drop(unreported);
            return false;
        }
        if (senderWaiting && queue.size() >= batchSize) {
            signal();
        }
        return true;
    }

    private void drop(AtomicLong unreported) {
        dropped.incrementAndGet();
        unreported.incrementAndGet();
    }

    private void signal() {
        lock.lock();
        try {
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private <T> IngestResult send(String path, List<T> batch, Function<List<T>, byte[]> encode)
            throws InterruptedException {
        if (batch.isEmpty()) {
            return new IngestResult(0, 0, List.of());
        }
        if (batch.size() > batchSize) {
            IngestResult total = new IngestResult(0, 0, List.of());
            for (int from = 0; from < batch.size(); from += batchSize) {
                List<T> part = batch.subList(from, Math.min(batch.size(), from + batchSize));
                total = total.plus(send(path, part, encode), from);
            }
            return total;
        }
        IngestResult result;
        try {
            result = transport.post(path, encode.apply(batch));
        } catch (ShopWatchClientException e) {
            if (e.status() == 413 && batch.size() > 1) {
                int half = batch.size() / 2;
                return send(path, batch.subList(0, half), encode)
                        .plus(send(path, batch.subList(half, batch.size()), encode), half);
            }
            throw e;
        }
        accepted.addAndGet(result.accepted());
        rejected.addAndGet(result.rejected());
        return result;
    }

    /** The sender thread: waits for a full batch, the flush interval, a flush or close, then sends. */
    private void run() {
        long deadline = System.nanoTime() + flushInterval.toNanos();
        while (true) {
            long target;
            lock.lock();
            try {
                // announce the wait before looking at the queues: a producer that offers in between sees the flag
                senderWaiting = true;
                while (!closing.get()
                        && flushRequested == flushDone
                        && logs.size() < batchSize
                        && events.size() < batchSize
                        && metrics.size() < batchSize) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    wake.awaitNanos(left);
                }
                target = flushRequested;
            } catch (InterruptedException e) {
                return;
            } finally {
                senderWaiting = false;
                lock.unlock();
            }
            boolean intervalOver = System.nanoTime() - deadline >= 0;
            boolean all = intervalOver || closing.get() || target != flushDone;
            if (!drain(logs, all, this::sendQueuedLogs)
                    || !drain(events, all, b -> sendQueued(EVENTS_PATH, b))
                    || !drain(metrics, all, b -> sendQueued(METRICS_PATH, b))) {
                return;
            }
            if (intervalOver) {
                deadline = System.nanoTime() + flushInterval.toNanos();
            }
            lock.lock();
            try {
                flushDone = target;
                flushed.signalAll();
            } finally {
                lock.unlock();
            }
            if (closing.get() && logs.isEmpty() && events.isEmpty() && metrics.isEmpty()) {
                return;
            }
        }
    }

    /**
     * Sends full batches from the queue; with {@code all}, also the last partial one. It stops once it has taken as
     * many records as were queued when it started (so a busy producer cannot keep it here), but a batch is only ever
     * cut short when no full one is queued. {@code false} when the thread was interrupted.
     */
    private <T> boolean drain(BlockingQueue<T> queue, boolean all, BatchSender<T> sendBatch) {
        int budget = queue.size();
        int taken = 0;
        while (taken < budget && (queue.size() >= batchSize || all)) {
            int max = queue.size() >= batchSize ? batchSize : Math.min(batchSize, budget - taken);
            List<T> batch = new ArrayList<>(max);
            int n = queue.drainTo(batch, max);
            if (n == 0) {
                break;
            }
            taken += n;
            if (!sendBatch.send(batch)) {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    private interface BatchSender<T> {
        boolean send(List<T> batch);
    }

    private boolean sendQueuedLogs(List<LogEntry> batch) {
        long droppedLogs = unreportedLogDrops.get();
        long droppedEvents = unreportedEventDrops.get();
        long droppedMetrics = unreportedMetricDrops.get();
        if (dropReportService != null && (droppedLogs > 0 || droppedEvents > 0 || droppedMetrics > 0)) {
            unreportedLogDrops.addAndGet(-droppedLogs);
            unreportedEventDrops.addAndGet(-droppedEvents);
            unreportedMetricDrops.addAndGet(-droppedMetrics);
            List<LogEntry> withReport = new ArrayList<>(batch.size() + 1);
            withReport.add(dropReport(droppedLogs, droppedEvents, droppedMetrics));
            withReport.addAll(batch);
            batch = withReport;
        }
        return sendQueued(LOGS_PATH, batch);
    }

    private LogEntry dropReport(long droppedLogs, long droppedEvents, long droppedMetrics) {
        return LogEntry.builder(
                        "WARN",
                        dropReportService,
                        "ShopWatch client dropped " + droppedLogs + " log records and " + droppedEvents
                                + " events" + (droppedMetrics > 0 ? " and " + droppedMetrics + " metric samples" : "")
                                + ": its queue was full")
                .attributes(Map.of(
                        "logger",
                        ShopWatchClient.class.getName(),
                        "dropped_logs",
                        droppedLogs,
                        "dropped_events",
                        droppedEvents,
                        "dropped_metrics",
                        droppedMetrics,
                        "dropped_total",
                        dropped.get()))
                .build();
    }

    @SuppressWarnings("unchecked")
    private <T> boolean sendQueued(String path, List<T> batch) {
        try {
            if (path.equals(LOGS_PATH)) {
                send(path, (List<LogEntry>) batch, codec::logs);
            } else if (path.equals(METRICS_PATH)) {
                send(path, (List<MetricSample>) batch, codec::metrics);
            } else {
                send(path, (List<Event>) batch, codec::events);
            }
            return true;
        } catch (ShopWatchClientException e) {
            failed.addAndGet(batch.size());
            LOG.log(
                    System.Logger.Level.WARNING,
                    "ShopWatch client gave up on {0} records: {1}",
                    batch.size(),
                    e.getMessage());
            return true;
        } catch (InterruptedException e) {
            failed.addAndGet(batch.size());
            return false;
        } catch (RuntimeException e) {
            failed.addAndGet(batch.size());
            LOG.log(System.Logger.Level.WARNING, "ShopWatch client could not send " + batch.size() + " records", e);
            return true;
        }
    }

    private static long drainAndCount(BlockingQueue<?> queue) {
        List<Object> rest = new ArrayList<>();
        queue.drainTo(rest);
        return rest.size();
    }

    /** Settings of a {@link ShopWatchClient}; every one has a working default except the URL. */
    public static final class Builder {
        private final URI baseUrl;
        private String apiKey;
        private String org;
        private int batchSize = 500;
        private int queueCapacity = 10_000;
        private Duration flushInterval = Duration.ofSeconds(1);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(15);
        private int maxAttempts = 6;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxRetryWait = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private boolean gzip;
        private String dropReportService;
        private HttpClient httpClient;
        private final Map<String, String> headers = new java.util.LinkedHashMap<>();

        private Builder(String baseUrl) {
            String url = Objects.requireNonNull(baseUrl, "baseUrl").strip();
            this.baseUrl = URI.create(url.endsWith("/") ? url : url + "/");
            if (this.baseUrl.getScheme() == null || this.baseUrl.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL: " + baseUrl);
            }
        }

        /** Sent as {@value HttpTransport#API_KEY_HEADER} on every request. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Sent as {@value HttpTransport#ORG_HEADER}: the organisation written to. Only until ShopWatch derives the
         * org from the API key; then it is ignored.
         */
        public Builder org(String org) {
            this.org = org;
            return this;
        }

        /** Records per request (default 500). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be positive");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Records each queue (logs, events, metric samples) holds before {@code log}/{@code track} drop (default 10,000). */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be positive");
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Longest time a queued record waits for its batch to fill (default 1 s). */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = positive(flushInterval, "flushInterval");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** Longest wait for one answer (default 15 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** Sends of one batch in all, the first included (default 6); 1 means no retry. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** First backoff (default 200 ms); it doubles per attempt, with jitter, up to {@code maxRetryWait}. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = positive(initialBackoff, "initialBackoff");
            return this;
        }

        /** Longest wait between two attempts, also caps Retry-After (default 30 s). */
        public Builder maxRetryWait(Duration maxRetryWait) {
            this.maxRetryWait = positive(maxRetryWait, "maxRetryWait");
            return this;
        }

        /** How long {@link #close} keeps sending what is queued (default 10 s). */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = positive(closeTimeout, "closeTimeout");
            return this;
        }

        /** Compress request bodies (Content-Encoding: gzip); off by default. */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /**
         * After records were dropped, the next log batch carries one WARN record from {@code service} saying how
         * many, so drops show up in ShopWatch itself. Off unless set.
         */
        public Builder reportDropsAs(String service) {
            this.dropReportService = service;
            return this;
        }

        /**
         * An extra header on every request, e.g. {@code Authorization: Bearer ...} when sending to a ShopWatch
         * service directly rather than through the gateway.
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Use this HTTP client (proxy, TLS settings) instead of a default one. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public ShopWatchClient build() {
            return new ShopWatchClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}

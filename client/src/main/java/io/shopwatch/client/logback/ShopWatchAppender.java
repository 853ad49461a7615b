package io.shopwatch.client.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.shopwatch.client.LogEntry;
import io.shopwatch.client.ShopWatchClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Ships application logs to ShopWatch without ever blocking the application: each event becomes a {@link LogEntry}
 * in a bounded queue that a background thread sends in batches; when the queue is full the event is dropped and
 * counted. Drops are reported three ways: {@link #getDroppedCount()}, a Logback status warning (at most one a
 * minute), and a WARN record in ShopWatch itself saying how many were dropped.
 *
 * <pre>{@code
 * <appender name="SHOPWATCH" class="io.shopwatch.client.logback.ShopWatchAppender">
 *   <url>http://localhost:8080</url>
 *   <apiKey>${SHOPWATCH_API_KEY}</apiKey>
 *   <service>checkout-service</service>
 * </appender>
 * }</pre>
 *
 * <p>Trace context: MDC {@code traceId}/{@code spanId} (Micrometer Tracing) or {@code trace_id}/{@code span_id}
 * become the record's {@code trace_id}/{@code span_id}; the rest of the MDC, the logger, the thread and an exception
 * (class, message, stack trace) go into {@code attributes}. Events from this library's own loggers are never sent.
 */
public class ShopWatchAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-fA-F]{16}");
    private static final String OWN_LOGGERS = "io.shopwatch.client";
    private static final long WARN_EVERY_MILLIS = 60_000;

    private String url;
    private String apiKey;
    private String org;
    private String service;
    private String stream;
    private int queueSize = 10_000;
    private int batchSize = 500;
    private long flushIntervalMillis = 1_000;
    private long requestTimeoutMillis = 15_000;
    private long closeTimeoutMillis = 5_000;
    private int maxAttempts = 6;
    private boolean gzip;
    private boolean includeMdc = true;
    private int maxMessageLength = 65_536;
    private int maxStackTraceLength = 16_384;

    private ShopWatchClient client;
    private final AtomicLong lastWarnedDrops = new AtomicLong();
    private volatile long lastWarnAt;

    @Override
    public void start() {
        if (url == null || url.isBlank()) {
            addError("ShopWatchAppender needs <url> (the ShopWatch gateway or logging-service)");
            return;
        }
        if (service == null || service.isBlank()) {
            service = context != null && context.getName() != null ? context.getName() : "unknown";
            addWarn("ShopWatchAppender has no <service>; using '" + service + "'");
        }
        try {
            client = ShopWatchClient.builder(url)
                    .apiKey(apiKey)
                    .org(org)
                    .queueCapacity(queueSize)
                    .batchSize(batchSize)
                    .flushInterval(Duration.ofMillis(flushIntervalMillis))
                    .requestTimeout(Duration.ofMillis(requestTimeoutMillis))
                    .closeTimeout(Duration.ofMillis(closeTimeoutMillis))
                    .maxAttempts(maxAttempts)
                    .gzip(gzip)
                    .reportDropsAs(service)
                    .build();
        } catch (IllegalArgumentException e) {
            addError("ShopWatchAppender cannot start: " + e.getMessage());
            return;
        }
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        client.close();
        long failed = client.stats().failed();
        if (failed > 0) {
            addWarn("ShopWatchAppender stopped; " + failed + " log records could not be delivered");
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        String loggerName = event.getLoggerName();
        if (loggerName != null && loggerName.startsWith(OWN_LOGGERS)) {
            return;
        }
        // the record is only made when there is room for it: a full queue (ShopWatch slow or down) costs next to
        // nothing
        if (!client.log(() -> toEntry(event))) {
            warnAboutDrops();
        }
    }

    LogEntry toEntry(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        String traceId = first(mdc, "traceId", "trace_id");
        String spanId = first(mdc, "spanId", "span_id");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("logger", event.getLoggerName());
        attributes.put("thread", event.getThreadName());
        if (includeMdc && mdc != null) {
            mdc.forEach((k, v) -> {
                if (!k.equals("traceId") && !k.equals("spanId") && !k.equals("trace_id") && !k.equals("span_id")) {
                    attributes.putIfAbsent(k, v);
                }
            });
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            attributes.put("exception_class", thrown.getClassName());
            if (thrown.getMessage() != null) {
                attributes.put("exception_message", truncate(thrown.getMessage(), maxMessageLength));
            }
            attributes.put("stack_trace", truncate(ThrowableProxyUtil.asString(thrown), maxStackTraceLength));
        }
        String message = event.getFormattedMessage();
        return new LogEntry(
                null,
                Instant.ofEpochMilli(event.getTimeStamp()),
                event.getLevel().toString(),
                service,
                truncate(message == null ? "" : message, maxMessageLength),
                traceId != null && TRACE_ID.matcher(traceId).matches() ? traceId : null,
                spanId != null && SPAN_ID.matcher(spanId).matches() ? spanId : null,
                stream,
                attributes);
    }

    private void warnAboutDrops() {
        long now = System.currentTimeMillis();
        if (now - lastWarnAt < WARN_EVERY_MILLIS) {
            return;
        }
        lastWarnAt = now;
        long dropped = client.stats().dropped();
        long since = dropped - lastWarnedDrops.getAndSet(dropped);
        addWarn("ShopWatchAppender queue is full: " + since + " log records dropped (" + dropped + " in all)");
    }

    /** Records dropped because the queue was full, since start. */
    public long getDroppedCount() {
        return client == null ? 0 : client.stats().dropped();
    }

    /** The client behind the appender, for its {@link io.shopwatch.client.ClientStats}. */
    public ShopWatchClient getClient() {
        return client;
    }

    private static String first(Map<String, String> mdc, String a, String b) {
        if (mdc == null) {
            return null;
        }
        String value = mdc.get(a);
        return value != null ? value : mdc.get(b);
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    }

    public void setOrg(String org) {
        this.org = org == null || org.isBlank() ? null : org;
    }

    public void setService(String service) {
        this.service = service;
    }

    public void setStream(String stream) {
        this.stream = stream == null || stream.isBlank() ? null : stream;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public void setFlushIntervalMillis(long flushIntervalMillis) {
        this.flushIntervalMillis = flushIntervalMillis;
    }

    public void setRequestTimeoutMillis(long requestTimeoutMillis) {
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    public void setCloseTimeoutMillis(long closeTimeoutMillis) {
        this.closeTimeoutMillis = closeTimeoutMillis;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public void setGzip(boolean gzip) {
        this.gzip = gzip;
    }

    public void setIncludeMdc(boolean includeMdc) {
        this.includeMdc = includeMdc;
    }

    public void setMaxMessageLength(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    public void setMaxStackTraceLength(int maxStackTraceLength) {
        this.maxStackTraceLength = maxStackTraceLength;
    }
}

package io.shopwatch.gateway.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.security.IdentityHeaders;
import io.shopwatch.common.security.TokenClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends the requests the gateway refused (401, 403) to auth-service's audit log ({@code POST
 * /internal/v1/audit/denied}) in batches, off the request path. The queue is bounded: when auth-service is slow or
 * away, further reports are dropped and counted ({@code shopwatch_gateway_denied_reports_total{outcome="dropped"}}),
 * never blocking a request.
 */
public final class DeniedRequestReporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeniedRequestReporter.class);
    private static final Pattern ORG = Pattern.compile(TokenClaims.ORG_PATTERN);

    /** A refused request as auth-service's audit log takes it. */
    public record Denied(
            String method,
            String path,
            int status,
            String reason,
            String org,
            String subject,
            String authKind,
            String ip,
            String requestId,
            String userAgent,
            Instant timestamp) {}

    private final WebClient http;
    private final GatewayAuthProperties properties;
    private final BlockingQueue<Denied> queue;
    private final Counter sent;
    private final Counter dropped;
    private final Counter failed;
    private ScheduledExecutorService scheduler;

    public DeniedRequestReporter(WebClient.Builder http, GatewayAuthProperties properties, MeterRegistry meters) {
        this.http = http.baseUrl(properties.authUrl().toString()).build();
        this.properties = properties;
        this.queue =
                new ArrayBlockingQueue<>(Math.max(1, properties.deniedReports().queueSize()));
        this.sent = meters.counter("shopwatch.gateway.denied_reports", "outcome", "sent");
        this.dropped = meters.counter("shopwatch.gateway.denied_reports", "outcome", "dropped");
        this.failed = meters.counter("shopwatch.gateway.denied_reports", "outcome", "failed");
    }

    /** Queues a report; drops (and counts) it when the queue is full. */
    public void report(Denied denied) {
        if (!properties.deniedReports().enabled()) {
            return;
        }
        if (!queue.offer(denied)) {
            dropped.increment();
        }
    }

    /** Sends what is queued, one batch after another. */
    void flush() {
        int batchSize = Math.min(500, Math.max(1, properties.deniedReports().batchSize()));
        while (!queue.isEmpty()) {
            List<Denied> batch = new ArrayList<>(batchSize);
            queue.drainTo(batch, batchSize);
            if (batch.isEmpty()) {
                return;
            }
            try {
                http.post()
                        .uri("/internal/v1/audit/denied")
                        .header(IdentityHeaders.INTERNAL_SECRET, properties.internalSecret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of(
                                "events",
                                batch.stream().map(DeniedRequestReporter::json).toList()))
                        .retrieve()
                        .toBodilessEntity()
                        .block(Duration.ofSeconds(5));
                sent.increment(batch.size());
            } catch (RuntimeException e) {
                failed.increment(batch.size());
                log.warn("could not report {} denied requests to auth-service: {}", batch.size(), e.getMessage());
                return;
            }
        }
    }

    private static Map<String, Object> json(Denied denied) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("method", cut(denied.method(), 16));
        event.put("path", cut(denied.path(), 2048));
        event.put("status", denied.status());
        event.put("reason", cut(denied.reason(), 128));
        if (denied.org() != null && ORG.matcher(denied.org()).matches()) {
            event.put("org", denied.org());
        }
        putIfPresent(event, "subject", cut(denied.subject(), 160));
        if ("user".equals(denied.authKind()) || "api_key".equals(denied.authKind())) {
            event.put("auth_kind", denied.authKind());
        }
        putIfPresent(event, "ip", cut(denied.ip(), 64));
        putIfPresent(event, "request_id", cut(denied.requestId(), 128));
        putIfPresent(event, "user_agent", cut(denied.userAgent(), 256));
        event.put("timestamp", denied.timestamp().toString());
        return event;
    }

    private static void putIfPresent(Map<String, Object> event, String name, String value) {
        if (value != null && !value.isEmpty()) {
            event.put(name, value);
        }
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "denied-request-reporter");
            thread.setDaemon(true);
            return thread;
        });
        long interval = Math.max(10, properties.deniedReports().interval().toMillis());
        scheduler.scheduleWithFixedDelay(this::flushQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("denied-request reporting failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
            flushQuietly();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}

package io.shopwatch.common.openobserve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The client's meters. Names (Prometheus form in brackets):
 *
 * <ul>
 *   <li>{@code openobserve.client.requests} timer per attempt, tags {@code operation}, {@code status}, {@code outcome}
 *       ({@code openobserve_client_requests_seconds_*})
 *   <li>{@code openobserve.client.request.size} / {@code openobserve.client.response.size} bytes on the wire
 *   <li>{@code openobserve.client.retries} attempts repeated after a 5xx or a connection error
 *   <li>{@code openobserve.client.failures} calls that failed in the end, tag {@code reason}
 *   <li>{@code openobserve.client.records} records OpenObserve reported, tag {@code result} = successful|failed
 * </ul>
 */
final class OpenObserveClientMetrics {

    private final MeterRegistry registry;

    OpenObserveClientMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempt(String operation, int status, Duration elapsed) {
        Timer.builder("openobserve.client.requests")
                .description("Calls to OpenObserve, one per attempt")
                .tag("operation", operation)
                .tag("status", status == 0 ? "IO_ERROR" : Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry)
                .record(elapsed);
    }

    void requestBytes(String operation, long bytes) {
        DistributionSummary.builder("openobserve.client.request.size")
                .description("Request bodies sent to OpenObserve, after compression")
                .baseUnit("bytes")
                .tag("operation", operation)
                .register(registry)
                .record(bytes);
    }

    void responseBytes(String operation, long bytes) {
        DistributionSummary.builder("openobserve.client.response.size")
                .description("Response bodies received from OpenObserve")
                .baseUnit("bytes")
                .tag("operation", operation)
                .register(registry)
                .record(bytes);
    }

    void retry(String operation) {
        Counter.builder("openobserve.client.retries")
                .description("Attempts repeated after a 5xx answer or a connection error")
                .tag("operation", operation)
                .register(registry)
                .increment();
    }

    void failure(String operation, String reason) {
        Counter.builder("openobserve.client.failures")
                .description("Calls to OpenObserve that failed after all attempts")
                .tag("operation", operation)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    void records(String operation, long successful, long failed) {
        Counter.builder("openobserve.client.records")
                .description("Records OpenObserve reported as stored or refused")
                .tag("operation", operation)
                .tag("result", "successful")
                .register(registry)
                .increment(successful);
        Counter.builder("openobserve.client.records")
                .description("Records OpenObserve reported as stored or refused")
                .tag("operation", operation)
                .tag("result", "failed")
                .register(registry)
                .increment(failed);
    }

    private static String outcome(int status) {
        if (status == 0) {
            return "UNKNOWN";
        }
        if (status < 300) {
            return "SUCCESS";
        }
        if (status < 500) {
            return "CLIENT_ERROR";
        }
        return "SERVER_ERROR";
    }
}

package io.shopwatch.logging.it.agent;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A tiny application for the OpenTelemetry Java agent to instrument: it logs with {@code java.util.logging}, two lines
 * inside a span and one outside, writes the span's trace and span ids to the file named by its second argument, and
 * exits (the agent sends what is left on shutdown). Every line carries the first argument, a marker of the run.
 */
public final class AgentLoggingMain {

    private static final Logger LOG = Logger.getLogger("shop.checkout");

    private AgentLoggingMain() {}

    public static void main(String[] args) throws IOException {
        String run = args[0];
        Path ids = Path.of(args[1]);
        Span span = GlobalOpenTelemetry.getTracer("shop.checkout")
                .spanBuilder("checkout")
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            LOG.info("order placed " + run);
            LOG.log(Level.SEVERE, "payment failed " + run, new IllegalStateException("gateway timed out"));
        } finally {
            span.end();
        }
        LOG.warning("outside any span " + run);
        Files.writeString(
                ids,
                span.getSpanContext().getTraceId() + " " + span.getSpanContext().getSpanId(),
                StandardCharsets.UTF_8);
    }
}

package io.shopwatch.tracing.agent;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny application for the OpenTelemetry Java agent: a server span {@code POST /checkout} with a client span {@code
 * charge card} under it that fails; it writes the trace id and both span ids to the file named by its argument and
 * exits (the agent sends what is left on shutdown).
 */
public final class AgentTracedMain {

    private AgentTracedMain() {}

    public static void main(String[] args) throws IOException {
        Tracer tracer = GlobalOpenTelemetry.getTracer("shop.checkout");
        Span server = tracer.spanBuilder("POST /checkout")
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.route", "/checkout")
                .startSpan();
        Span client;
        try (Scope ignored = server.makeCurrent()) {
            client = tracer.spanBuilder("charge card")
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute("peer.service", "payment-provider")
                    .startSpan();
            client.setStatus(StatusCode.ERROR, "card declined");
            client.end();
        } finally {
            server.end();
        }
        Files.writeString(
                Path.of(args[0]),
                server.getSpanContext().getTraceId() + " "
                        + server.getSpanContext().getSpanId() + " "
                        + client.getSpanContext().getSpanId(),
                StandardCharsets.UTF_8);
    }
}

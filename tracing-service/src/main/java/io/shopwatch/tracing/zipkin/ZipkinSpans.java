package io.shopwatch.tracing.zipkin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Zipkin v2 JSON spans as an OTLP JSON trace request, the form every receiver hands on: one resource per
 * {@code localEndpoint.serviceName}; a 64-bit trace id is left-padded to 128 bits (as OpenTelemetry's Zipkin
 * receiver does); {@code timestamp}/{@code duration} (µs) become start and end (ns); {@code kind} maps to OTLP's
 * numbers; {@code tags} become attributes, an {@code error} tag the error status with its value as message;
 * {@code annotations} become events; {@code remoteEndpoint.serviceName} becomes {@code peer.service}.
 */
final class ZipkinSpans {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ZipkinSpans() {}

    /** @throws IllegalArgumentException when the body is not a JSON array of span objects */
    static ObjectNode toOtlp(JsonNode spans) {
        if (!spans.isArray()) {
            throw new IllegalArgumentException("a Zipkin v2 body is a JSON array of spans");
        }
        Map<String, ArrayNode> byService = new LinkedHashMap<>();
        for (JsonNode span : spans) {
            if (!span.isObject()) {
                throw new IllegalArgumentException("every element must be a span object");
            }
            String service = span.path("localEndpoint").path("serviceName").asString("unknown");
            byService.computeIfAbsent(service, s -> NODES.arrayNode()).add(span(span));
        }
        ObjectNode request = NODES.objectNode();
        ArrayNode resourceSpans = request.putArray("resourceSpans");
        byService.forEach((service, list) -> {
            ObjectNode rs = resourceSpans.addObject();
            rs.putObject("resource").putArray("attributes").add(keyValue("service.name", service));
            rs.putArray("scopeSpans").addObject().set("spans", list);
        });
        return request;
    }

    private static ObjectNode span(JsonNode z) {
        ObjectNode s = NODES.objectNode();
        String traceId = z.path("traceId").asString("");
        s.put("traceId", traceId.length() == 16 ? "0000000000000000" + traceId : traceId);
        s.put("spanId", z.path("id").asString(""));
        if (z.hasNonNull("parentId")) {
            s.put("parentSpanId", z.path("parentId").asString());
        }
        s.put("name", z.path("name").asString(""));
        s.put(
                "kind",
                switch (z.path("kind").asString("").toUpperCase(Locale.ROOT)) {
                    case "SERVER" -> 2;
                    case "CLIENT" -> 3;
                    case "PRODUCER" -> 4;
                    case "CONSUMER" -> 5;
                    default -> 1;
                });
        if (z.hasNonNull("timestamp")) {
            long start = z.path("timestamp").asLong() * 1000;
            s.put("startTimeUnixNano", Long.toString(start));
            s.put("endTimeUnixNano", Long.toString(start + z.path("duration").asLong(0) * 1000));
        }
        ArrayNode attributes = s.putArray("attributes");
        ObjectNode status = s.putObject("status");
        for (Map.Entry<String, JsonNode> tag : z.path("tags").properties()) {
            if (tag.getKey().equals("error")) {
                status.put("code", 2);
                status.put("message", tag.getValue().asString(""));
            } else {
                attributes.add(keyValue(tag.getKey(), tag.getValue().asString("")));
            }
        }
        String peer = z.path("remoteEndpoint").path("serviceName").asString("");
        if (!peer.isEmpty()) {
            attributes.add(keyValue("peer.service", peer));
        }
        ArrayNode events = s.putArray("events");
        for (JsonNode annotation : z.path("annotations")) {
            ObjectNode e = events.addObject();
            e.put("name", annotation.path("value").asString(""));
            e.put("timeUnixNano", Long.toString(annotation.path("timestamp").asLong() * 1000));
        }
        return s;
    }

    private static ObjectNode keyValue(String key, String value) {
        ObjectNode kv = NODES.objectNode();
        kv.put("key", key);
        kv.putObject("value").put("stringValue", value);
        return kv;
    }
}

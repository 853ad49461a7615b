package io.shopwatch.tracing.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OTLP protobuf {@link ExportTraceServiceRequest} in OTLP's JSON encoding (hex ids, enums as integers, 64-bit
 * integers as decimal text), the one form {@link io.shopwatch.common.trace.SpanRows} reads. Written by hand rather than
 * with protobuf's {@code JsonFormat}, which encodes {@code bytes} ids as base64 (and, reading, silently decodes hex ids
 * as base64 into ids of the wrong length). Ids keep their received length, so that a wrong one is rejected later.
 */
final class OtlpProtobuf {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    private OtlpProtobuf() {}

    static ObjectNode toJson(ExportTraceServiceRequest request) {
        ObjectNode root = NODES.objectNode();
        ArrayNode resourceSpans = root.putArray("resourceSpans");
        for (ResourceSpans rs : request.getResourceSpansList()) {
            ObjectNode r = resourceSpans.addObject();
            Resource resource = rs.getResource();
            r.putObject("resource").set("attributes", attributes(resource.getAttributesList()));
            ArrayNode scopes = r.putArray("scopeSpans");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ObjectNode s = scopes.addObject();
                s.putObject("scope").put("name", ss.getScope().getName());
                ArrayNode spans = s.putArray("spans");
                for (Span span : ss.getSpansList()) {
                    spans.add(span(span));
                }
            }
        }
        return root;
    }

    private static ObjectNode span(Span span) {
        ObjectNode s = NODES.objectNode();
        s.put("traceId", hex(span.getTraceId()));
        s.put("spanId", hex(span.getSpanId()));
        if (!span.getParentSpanId().isEmpty()) {
            s.put("parentSpanId", hex(span.getParentSpanId()));
        }
        s.put("name", span.getName());
        s.put("kind", span.getKindValue());
        s.put("startTimeUnixNano", Long.toUnsignedString(span.getStartTimeUnixNano()));
        s.put("endTimeUnixNano", Long.toUnsignedString(span.getEndTimeUnixNano()));
        s.set("attributes", attributes(span.getAttributesList()));
        ArrayNode events = s.putArray("events");
        for (Span.Event event : span.getEventsList()) {
            ObjectNode e = events.addObject();
            e.put("name", event.getName());
            e.put("timeUnixNano", Long.toUnsignedString(event.getTimeUnixNano()));
            e.set("attributes", attributes(event.getAttributesList()));
        }
        ArrayNode links = s.putArray("links");
        for (Span.Link link : span.getLinksList()) {
            ObjectNode l = links.addObject();
            l.put("traceId", hex(link.getTraceId()));
            l.put("spanId", hex(link.getSpanId()));
            l.put("traceState", link.getTraceState());
            l.put("flags", Integer.toUnsignedLong(link.getFlags()));
            l.set("attributes", attributes(link.getAttributesList()));
            l.put("droppedAttributesCount", link.getDroppedAttributesCount());
        }
        ObjectNode status = s.putObject("status");
        status.put("code", span.getStatus().getCodeValue());
        if (!span.getStatus().getMessage().isEmpty()) {
            status.put("message", span.getStatus().getMessage());
        }
        return s;
    }

    private static String hex(ByteString id) {
        return HEX.formatHex(id.toByteArray());
    }

    private static ArrayNode attributes(List<KeyValue> attributes) {
        ArrayNode out = NODES.arrayNode();
        for (KeyValue kv : attributes) {
            ObjectNode a = out.addObject();
            a.put("key", kv.getKey());
            a.set("value", value(kv.getValue()));
        }
        return out;
    }

    private static ObjectNode value(AnyValue value) {
        ObjectNode v = NODES.objectNode();
        switch (value.getValueCase()) {
            case STRING_VALUE -> v.put("stringValue", value.getStringValue());
            case BOOL_VALUE -> v.put("boolValue", value.getBoolValue());
            case INT_VALUE -> v.put("intValue", Long.toString(value.getIntValue()));
            case DOUBLE_VALUE -> v.put("doubleValue", value.getDoubleValue());
            case BYTES_VALUE ->
                v.put(
                        "bytesValue",
                        Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                ArrayNode values = v.putObject("arrayValue").putArray("values");
                value.getArrayValue().getValuesList().forEach(item -> values.add(value(item)));
            }
            case KVLIST_VALUE ->
                v.putObject("kvlistValue")
                        .set("values", attributes(value.getKvlistValue().getValuesList()));
            default -> {
                // an empty AnyValue: no value
            }
        }
        return v;
    }
}

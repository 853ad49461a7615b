package io.shopwatch.logging.shippers.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.logging.ingest.BatchDecoder;
import io.shopwatch.logging.ingest.DecodedRecord;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OTLP/HTTP logs request ({@code ExportLogsServiceRequest}, protobuf or JSON) as one record per log record, in the
 * columns OpenObserve stores: resource attributes and record attributes as fields ({@code service.name}, which the
 * pipeline stores as {@code service_name}), {@code instrumentation_library_name}/{@code _version}, {@code body},
 * {@code severity}, {@code trace_id}/{@code span_id} in hex, {@code _timestamp} (the record's time in nanoseconds, or
 * the observed time), {@code dropped_attributes_count}. Added for ShopWatch: {@code level} from the severity number
 * ({@code TRACE} ... {@code FATAL}, else the severity text) and {@code service} from {@code service.name}.
 *
 * <p>OTLP/JSON writes trace and span ids as hex, where protobuf's JSON mapping expects base64: they are converted
 * before the JSON is read.
 */
public final class OtlpLogsDecoder implements BatchDecoder {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "trace_id", "span_id");
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final boolean json;
    private final String stream;

    /**
     * @param json whether the body is OTLP/JSON rather than protobuf
     * @param stream the stream of every record (the {@code stream-name} header), {@code null} for the default
     */
    public OtlpLogsDecoder(boolean json, String stream) {
        this.json = json;
        this.stream = stream;
    }

    @Override
    public List<DecodedRecord> decode(byte[] body, int maxRecords) {
        ExportLogsServiceRequest request = json ? fromJson(body) : fromProtobuf(body);
        List<DecodedRecord> records = new ArrayList<>();
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            ObjectNode resource = NODES.objectNode();
            putAll(resource, resourceLogs.getResource().getAttributesList());
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                InstrumentationScope scope = scopeLogs.getScope();
                for (LogRecord log : scopeLogs.getLogRecordsList()) {
                    if (records.size() == maxRecords) {
                        throw new ShopWatchException(
                                ProblemType.PAYLOAD_TOO_LARGE,
                                "request has more than " + maxRecords + " log records (INGEST_MAX_RECORDS_PER_BATCH)");
                    }
                    records.add(DecodedRecord.of(record(resource, scope, log), stream));
                }
            }
        }
        return records;
    }

    static ObjectNode record(ObjectNode resource, InstrumentationScope scope, LogRecord log) {
        ObjectNode record = resource.deepCopy();
        if (!scope.getName().isEmpty()) {
            record.put("instrumentation_library_name", scope.getName());
        }
        if (!scope.getVersion().isEmpty()) {
            record.put("instrumentation_library_version", scope.getVersion());
        }
        putAll(record, log.getAttributesList());
        long time = log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
        if (time != 0) {
            record.put("_timestamp", time);
        } else {
            record.remove("_timestamp");
        }
        if (log.hasBody()) {
            AnyValue body = log.getBody();
            record.put(
                    "body",
                    body.hasStringValue() ? body.getStringValue() : value(body).toString());
        }
        if (!log.getSeverityText().isEmpty()) {
            record.put("severity", log.getSeverityText());
        } else if (log.getSeverityNumberValue() != 0) {
            record.put("severity", log.getSeverityNumberValue());
        }
        String level = level(log.getSeverityNumberValue(), log.getSeverityText());
        if (level != null) {
            record.put("level", level);
        }
        if (!isZero(log.getTraceId())) {
            record.put("trace_id", HEX.formatHex(log.getTraceId().toByteArray()));
        }
        if (!isZero(log.getSpanId())) {
            record.put("span_id", HEX.formatHex(log.getSpanId().toByteArray()));
        }
        if (log.getDroppedAttributesCount() > 0) {
            record.put("dropped_attributes_count", log.getDroppedAttributesCount());
        }
        JsonNode serviceName = resource.get("service.name");
        if (serviceName != null
                && serviceName.isString()
                && !serviceName.stringValue().isBlank()) {
            record.put("service", serviceName.stringValue());
        }
        return record;
    }

    /** OTLP severity numbers: 1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL. */
    static String level(int severityNumber, String severityText) {
        if (severityNumber >= 1 && severityNumber <= 24) {
            return switch ((severityNumber - 1) / 4) {
                case 0 -> "TRACE";
                case 1 -> "DEBUG";
                case 2 -> "INFO";
                case 3 -> "WARN";
                case 4 -> "ERROR";
                default -> "FATAL";
            };
        }
        return severityText.isEmpty() ? null : severityText;
    }

    private static void putAll(ObjectNode into, List<KeyValue> attributes) {
        for (KeyValue attribute : attributes) {
            into.set(attribute.getKey(), value(attribute.getValue()));
        }
    }

    private static JsonNode value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> NODES.stringNode(value.getStringValue());
            case BOOL_VALUE -> NODES.booleanNode(value.getBoolValue());
            case INT_VALUE -> NODES.numberNode(value.getIntValue());
            case DOUBLE_VALUE -> NODES.numberNode(value.getDoubleValue());
            case BYTES_VALUE ->
                NODES.stringNode(
                        Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                ArrayNode array = NODES.arrayNode();
                value.getArrayValue().getValuesList().forEach(v -> array.add(value(v)));
                yield array;
            }
            case KVLIST_VALUE -> {
                ObjectNode object = NODES.objectNode();
                putAll(object, value.getKvlistValue().getValuesList());
                yield object;
            }
            default -> NODES.nullNode();
        };
    }

    private static boolean isZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static ExportLogsServiceRequest fromProtobuf(byte[] body) {
        try {
            return ExportLogsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new ShopWatchException(
                    ProblemType.MALFORMED, "body is not an OTLP ExportLogsServiceRequest: " + e.getMessage());
        }
    }

    private static ExportLogsServiceRequest fromJson(byte[] body) {
        try {
            JsonNode tree = JSON.readTree(body);
            hexIdsToBase64(tree);
            ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
            JSON_PARSER.merge(JSON.writeValueAsString(tree), request);
            return request.build();
        } catch (JacksonException | InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new ShopWatchException(
                    ProblemType.MALFORMED, "body is not an OTLP/JSON ExportLogsServiceRequest: " + e.getMessage());
        }
    }

    /** OTLP/JSON's {@code traceId}/{@code spanId} are hex; protobuf's JSON mapping of bytes is base64. */
    private static void hexIdsToBase64(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                JsonNode value = object.get(name);
                if (ID_FIELDS.contains(name) && value.isString()) {
                    byte[] id = HEX.parseHex(value.stringValue());
                    object.put(name, Base64.getEncoder().encodeToString(id));
                } else {
                    hexIdsToBase64(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(OtlpLogsDecoder::hexIdsToBase64);
        }
    }
}

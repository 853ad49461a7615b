package io.shopwatch.pipeline.quality;

import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import io.shopwatch.pipeline.stage.StageSettings;
import java.util.List;
import java.util.Map;

/**
 * Rejects records that lack a field every reader relies on: {@code level}, {@code service} and {@code message} for
 * logs, {@code type} and {@code session_id} for behaviour events, {@code name} and {@code value} for metrics, {@code trace_id}, {@code span_id},
 * {@code operation_name} and {@code start_time} for spans (OpenObserve's span layout), plus
 * the fields configured for the stream.
 */
public final class RequiredFieldsCheck implements Stage {

    static final Map<TelemetryType, List<String>> BY_TYPE = Map.of(
            TelemetryType.LOG, List.of("level", "service", "message"),
            TelemetryType.EVENT, List.of("type", "session_id"),
            TelemetryType.METRIC, List.of("name", "value"),
            TelemetryType.SPAN, List.of("trace_id", "span_id", "operation_name", "start_time"));

    private final Map<String, List<String>> byStream;

    /** @param byStream extra required fields per stream name */
    public RequiredFieldsCheck(Map<String, List<String>> byStream) {
        this.byStream = Map.copyOf(byStream);
    }

    @Override
    public String name() {
        return "required_fields";
    }

    @Override
    public Phase phase() {
        return Phase.QUALITY;
    }

    @Override
    public RequiredFieldsCheck configuredBy(StageSettings settings) {
        return new RequiredFieldsCheck(settings.requiredFields());
    }

    @Override
    public void apply(PipelineRecord record) {
        Map<String, Object> document = record.document();
        for (String field : BY_TYPE.getOrDefault(record.type(), List.of())) {
            if (missing(document, field)) {
                record.reject(name(), "missing required field '" + field + "'");
                return;
            }
        }
        for (String field : byStream.getOrDefault(record.stream(), List.of())) {
            if (missing(document, field)) {
                record.reject(name(), "missing field '" + field + "' required for stream " + record.stream());
                return;
            }
        }
    }

    private static boolean missing(Map<String, Object> document, String field) {
        Object value = document.get(field);
        return value == null || (value instanceof String s && s.isBlank());
    }
}

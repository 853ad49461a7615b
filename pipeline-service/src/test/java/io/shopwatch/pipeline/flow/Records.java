package io.shopwatch.pipeline.flow;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.pipeline.record.PipelineRecord;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Builds pipeline records for tests. */
public final class Records {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private Records() {}

    public static PipelineRecord log(String id, String json) {
        return record(id, "logs", TelemetryType.LOG, json, NOW, 0);
    }

    public static PipelineRecord event(String id, String json) {
        return record(id, "events", TelemetryType.EVENT, json, NOW, 0);
    }

    public static PipelineRecord record(
            String id, String stream, TelemetryType type, String json, Instant timestamp, long offset) {
        Envelope envelope = new Envelope(id, "default", stream, type, timestamp, JSON.readTree(json));
        return new PipelineRecord(envelope, new PipelineRecord.Source("shopwatch.logs.raw", 0, offset), Map.of());
    }
}

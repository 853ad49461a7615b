package io.shopwatch.metrics.ingest;

import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.metrics.sample.Sample;
import io.shopwatch.metrics.sample.SpecialValues;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a sample as the Kafka envelope the pipeline reads from {@code shopwatch.metrics.raw}: stream = metric name
 * (one OpenObserve stream per metric), type {@code METRIC}, and common's {@code MetricSample} payload
 * {@code {"name","labels":{},"value","kind"}}. The id is derived from org, series and timestamp, so that a sample sent
 * again (after a 503) has the same id and the pipeline's de-duplication drops the repeat; the key is the series, so
 * that one series' samples stay in order on one partition. A value JSON cannot carry (NaN, ±Inf, a staleness marker)
 * is written as {@code value} 0 with the reserved label {@link SpecialValues#FIELD} naming it.
 */
public final class SampleEnvelopes {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private SampleEnvelopes() {}

    /** The Kafka key of a sample: its series. */
    public static String key(String org, Sample sample) {
        return org
                + '/'
                + sample.name()
                + '/'
                + Long.toHexString(sample.series().hash());
    }

    /** The record id: the same for the same org, series and timestamp. */
    public static String id(String org, Sample sample) {
        String identity = key(org, sample) + '/' + sample.timestampMillis();
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static byte[] write(String org, Sample sample) {
        return write(org, sample, id(org, sample));
    }

    /** The envelope with an id of the caller's (a derived sample's id comes from the event it counts). */
    public static byte[] write(String org, Sample sample, String id) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(160 + 32 * sample.labels().size());
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            EnvelopeSerde.writeHeader(
                    generator,
                    id,
                    org,
                    sample.name(),
                    TelemetryType.METRIC,
                    Math.multiplyExact(sample.timestampMillis(), 1000L));
            generator.writeStartObject();
            generator.writeStringProperty("name", sample.name());
            generator.writeName("labels");
            generator.writeStartObject();
            for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                generator.writeStringProperty(label.getKey(), label.getValue());
            }
            String special = SpecialValues.encode(sample.value());
            if (special != null) {
                generator.writeStringProperty(SpecialValues.FIELD, special);
            }
            generator.writeEndObject();
            generator.writeNumberProperty("value", special == null ? sample.value() : 0.0);
            generator.writeStringProperty("kind", sample.type().name());
            generator.writeEndObject();
            generator.writeEndObject();
        }
        return out.toByteArray();
    }
}

package io.shopwatch.pipeline.quality;

import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Masks e-mail addresses, phone numbers, resident identity numbers and bank card numbers in every text field of the
 * document (and in integer fields that hold such numbers), except identifier fields. It never rejects: the record is
 * stored, without the personal data.
 */
public final class PiiMasker implements Stage {

    /** Fields that hold identifiers, never personal data in free text. */
    public static final Set<String> SKIPPED = Set.of(
            PipelineRecord.ID_FIELD,
            PipelineRecord.TIMESTAMP_FIELD,
            "trace_id",
            "span_id",
            "parent_span_id",
            // OpenObserve's span layout: identifiers and nanosecond times (19 digits, not card numbers)
            "reference_parent_span_id",
            "reference_parent_trace_id",
            "start_time",
            "end_time");

    private final BiConsumer<PiiScanner.Kind, Integer> found;

    /** @param found told what was masked, for metrics */
    public PiiMasker(BiConsumer<PiiScanner.Kind, Integer> found) {
        this.found = found;
    }

    @Override
    public String name() {
        return "pii_mask";
    }

    @Override
    public Phase phase() {
        return Phase.QUALITY;
    }

    @Override
    public void apply(PipelineRecord record) {
        PiiScanner.Findings findings = new PiiScanner.Findings();
        for (Map.Entry<String, Object> field : record.document().entrySet()) {
            if (SKIPPED.contains(field.getKey())) {
                continue;
            }
            Object value = field.getValue();
            if (value instanceof String text) {
                String masked = PiiScanner.mask(text, findings);
                if (masked != text) {
                    field.setValue(masked);
                }
            } else if (value instanceof Long number && number >= 10_000_000_000L) {
                String text = number.toString();
                String masked = PiiScanner.mask(text, findings);
                if (masked != text) {
                    field.setValue(masked);
                }
            }
        }
        if (!findings.isEmpty()) {
            findings.asMap().forEach(found);
        }
    }
}

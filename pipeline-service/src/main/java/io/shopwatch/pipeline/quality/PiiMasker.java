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
    private final CustomPiiRules custom;
    private final BiConsumer<String, Integer> customFound;

    /** @param found told what was masked, for metrics */
    public PiiMasker(BiConsumer<PiiScanner.Kind, Integer> found) {
        this(found, new CustomPiiRules(), (rule, count) -> {});
    }

    /**
     * @param found told what the built-in rules masked
     * @param custom rules added at run time (config-service), applied to text fields after the built-in ones
     * @param customFound told what a custom rule (by name) masked
     */
    public PiiMasker(
            BiConsumer<PiiScanner.Kind, Integer> found,
            CustomPiiRules custom,
            BiConsumer<String, Integer> customFound) {
        this.found = found;
        this.custom = custom;
        this.customFound = customFound;
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
                String masked = custom.mask(PiiScanner.mask(text, findings), customFound);
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

package io.shopwatch.pipeline.transform;

import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the many spellings of a log level to one of {@code TRACE DEBUG INFO WARN ERROR FATAL}: names in any case and
 * their common synonyms ({@code warning}, {@code err}, {@code critical}, {@code panic} ...), and syslog severity
 * numbers 0–7. An unknown level is kept as it was, upper-cased, and counted by the quality stage if a schema forbids
 * it.
 */
public final class LevelTransformer implements Stage {

    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("TRACE", "TRACE"),
            Map.entry("FINEST", "TRACE"),
            Map.entry("DEBUG", "DEBUG"),
            Map.entry("FINE", "DEBUG"),
            Map.entry("FINER", "DEBUG"),
            Map.entry("INFO", "INFO"),
            Map.entry("INFORMATION", "INFO"),
            Map.entry("NOTICE", "INFO"),
            Map.entry("WARN", "WARN"),
            Map.entry("WARNING", "WARN"),
            Map.entry("ERROR", "ERROR"),
            Map.entry("ERR", "ERROR"),
            Map.entry("SEVERE", "ERROR"),
            Map.entry("FATAL", "FATAL"),
            Map.entry("CRITICAL", "FATAL"),
            Map.entry("CRIT", "FATAL"),
            Map.entry("ALERT", "FATAL"),
            Map.entry("EMERG", "FATAL"),
            Map.entry("EMERGENCY", "FATAL"),
            Map.entry("PANIC", "FATAL"));

    /** Syslog severities 0 (emergency) to 7 (debug). */
    private static final String[] SYSLOG = {"FATAL", "FATAL", "FATAL", "ERROR", "WARN", "INFO", "INFO", "DEBUG"};

    @Override
    public String name() {
        return "level";
    }

    @Override
    public Phase phase() {
        return Phase.TRANSFORM;
    }

    @Override
    public void apply(PipelineRecord record) {
        if (record.type() != TelemetryType.LOG) {
            return;
        }
        Object level = record.document().get("level");
        if (level != null) {
            record.document().put("level", normalise(level));
        }
    }

    static String normalise(Object level) {
        if (level instanceof Number n) {
            long severity = n.longValue();
            return severity >= 0 && severity < SYSLOG.length ? SYSLOG[(int) severity] : String.valueOf(level);
        }
        String text = level.toString().trim().toUpperCase(Locale.ROOT);
        if (text.length() == 1 && Character.isDigit(text.charAt(0))) {
            return normalise(Long.parseLong(text));
        }
        return SYNONYMS.getOrDefault(text, text);
    }
}

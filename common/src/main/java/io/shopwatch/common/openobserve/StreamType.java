package io.shopwatch.common.openobserve;

import java.util.Locale;

/** OpenObserve's stream types, as they appear in the {@code type} query parameter. */
public enum StreamType {
    LOGS("logs"),
    METRICS("metrics"),
    TRACES("traces"),
    ENRICHMENT_TABLES("enrichment_tables"),
    METADATA("metadata");

    private final String value;

    StreamType(String value) {
        this.value = value;
    }

    /** The name used on the wire ({@code logs}, {@code metrics}, ...). */
    public String value() {
        return value;
    }

    /** Parses a wire name; {@code enrich} is accepted for enrichment tables, like OpenObserve does. */
    public static StreamType parse(String value) {
        if (value == null || value.isBlank()) {
            return LOGS;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("enrich")) {
            return ENRICHMENT_TABLES;
        }
        for (StreamType type : values()) {
            if (type.value.equals(v)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown stream type: " + value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.shopwatch.metrics.sample;

import java.util.Locale;

/** The metric types OpenObserve accepts as {@code __type__}; ShopWatch's JSON sends the first three. */
public enum MetricType {
    COUNTER,
    GAUGE,
    HISTOGRAM,
    SUMMARY;

    /** The lower-case name, as OpenObserve's {@code __type__} and ShopWatch's JSON write it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code text} (any case), or {@code null} when there is none of that name. */
    public static MetricType parse(String text) {
        for (MetricType type : values()) {
            if (type.name().equalsIgnoreCase(text)) {
                return type;
            }
        }
        return null;
    }
}

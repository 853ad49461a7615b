package io.shopwatch.common.openobserve;

import java.util.List;

/** One field's top values from {@code _values}: each distinct value (as a string) and how many rows have it. */
public record FieldValues(String field, List<ValueCount> values) {

    public FieldValues {
        values = List.copyOf(values);
    }

    /** A value and its number of rows. */
    public record ValueCount(String value, long count) {}
}

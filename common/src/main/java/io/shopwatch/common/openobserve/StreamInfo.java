package io.shopwatch.common.openobserve;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stream as the streams API describes it: name, type, statistics, schema (field name and Arrow type name such as
 * {@code Utf8}, {@code Int64}, {@code Float64}, {@code Boolean}) and settings.
 */
public record StreamInfo(
        String name,
        String streamType,
        String storageType,
        Stats stats,
        List<Field> schema,
        Map<String, Object> settings) {

    public StreamInfo {
        schema = schema == null ? List.of() : List.copyOf(schema);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** Statistics; sizes are MB as OpenObserve reports them, times µs. */
    public record Stats(
            long createdAt,
            long docTimeMin,
            long docTimeMax,
            long docNum,
            long fileNum,
            double storageSize,
            double compressedSize) {}

    /** One field of the schema. */
    public record Field(String name, String type) {}

    /** The type of a field, if the stream has it. */
    public Optional<String> fieldType(String field) {
        return schema.stream()
                .filter(f -> f.name().equals(field))
                .map(Field::type)
                .findFirst();
    }
}

package io.shopwatch.store.stream;

import io.shopwatch.common.openobserve.StreamType;
import java.util.Objects;

/** One stream of one organisation: the unit of storage (one DuckDB table each). */
public record StreamKey(String org, StreamType type, String name) {

    public StreamKey {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return org + "/" + type.value() + "/" + name;
    }
}

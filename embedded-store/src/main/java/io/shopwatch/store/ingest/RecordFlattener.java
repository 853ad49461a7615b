package io.shopwatch.store.ingest;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenObserve's flattening of a JSON record ({@code config/src/utils/flatten.rs}): nested object keys are joined with
 * {@code _} up to {@code maxLevel} levels (0 = unlimited), deeper objects are kept as their JSON text, arrays always
 * become their JSON text, empty objects and arrays and {@code null}s disappear, and every key is normalised with
 * {@link Names#key}. Keys are visited in sorted order, so when two keys normalise to the same name the later one (in
 * sorted order) wins, as in OpenObserve.
 *
 * <p>Values come out as {@code String}, {@code Long}, {@code BigInteger} (above {@code Long.MAX_VALUE}),
 * {@code Double} or {@code Boolean}.
 */
public final class RecordFlattener {

    private static final ObjectMapper SORTED =
            JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    private final int maxLevel;

    public RecordFlattener(int maxLevel) {
        if (maxLevel < 0) {
            throw new IllegalArgumentException("maxLevel must not be negative");
        }
        this.maxLevel = maxLevel;
    }

    /** Flattens one record; throws {@link IllegalArgumentException} when it is not a JSON object. */
    public Map<String, Object> flatten(JsonNode record) {
        if (record == null || !record.isObject()) {
            throw new IllegalArgumentException("flatten value must be an object");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        flattenObject(record, "", 0, flat);
        return flat;
    }

    private void flattenObject(JsonNode object, String parentKey, int depth, Map<String, Object> flat) {
        if (object.isEmpty()) {
            return;
        }
        if (maxLevel > 0 && depth >= maxLevel) {
            flat.put(parentKey, SORTED.writeValueAsString(object));
            return;
        }
        List<String> keys = new ArrayList<>(object.propertyNames());
        if (keys.size() > 1) {
            keys.sort(null);
        }
        for (String key : keys) {
            String name = Names.key(key);
            String path = depth > 0 ? parentKey + "_" + name : name;
            flattenValue(object.get(key), path, depth + 1, flat);
        }
    }

    private void flattenValue(JsonNode value, String key, int depth, Map<String, Object> flat) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            flat.remove(key);
            return;
        }
        if (value.isObject()) {
            flattenObject(value, key, depth, flat);
        } else if (value.isArray()) {
            if (!value.isEmpty()) {
                flat.put(key, SORTED.writeValueAsString(value));
            }
        } else {
            flat.put(key, scalar(value));
        }
    }

    /** The Java value of a JSON scalar. */
    static Object scalar(JsonNode value) {
        if (value.isString()) {
            return value.asString();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            if (value.canConvertToLong()) {
                return value.longValue();
            }
            BigInteger big = value.bigIntegerValue();
            if (big.signum() > 0 && big.bitLength() <= 64) {
                return big;
            }
            return big.doubleValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return value.toString();
    }
}

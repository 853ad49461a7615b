package io.shopwatch.common.openobserve;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenObserve's flattening of a JSON record ({@code src/config/src/utils/flatten.rs}), the one copy every ShopWatch
 * service uses: nested object keys are joined with {@code _} down to {@code maxLevel} levels (0 = unlimited,
 * OpenObserve's default {@code ZO_INGEST_FLATTEN_LEVEL} is {@value #DEFAULT_LEVEL}); a deeper object is kept as its
 * JSON text; an array always becomes its JSON text (never expanded); empty objects, empty arrays and {@code null}s
 * disappear; every key is normalised with {@link OpenObserveNames#key}. Keys are visited in sorted order (OpenObserve's
 * serde_json is built without {@code preserve_order}), so when two keys normalise to the same name the later one in
 * sorted order wins, and JSON text is written with sorted keys.
 *
 * <p>Values come out as {@code String}, {@code Long}, {@code BigInteger} (above {@code Long.MAX_VALUE}, up to
 * {@code u64}), {@code Double} or {@code Boolean}. Instances are immutable and thread-safe.
 */
public final class OpenObserveFlattening {

    /** OpenObserve's default {@code ZO_INGEST_FLATTEN_LEVEL}. */
    public static final int DEFAULT_LEVEL = 3;

    private static final ObjectMapper SORTED =
            JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    private final int maxLevel;

    /** @param maxLevel how many levels of objects are joined; 0 means no limit */
    public OpenObserveFlattening(int maxLevel) {
        if (maxLevel < 0) {
            throw new IllegalArgumentException("maxLevel must not be negative");
        }
        this.maxLevel = maxLevel;
    }

    /** Flattens one record into a new map; throws {@link IllegalArgumentException} when it is not a JSON object. */
    public Map<String, Object> flatten(JsonNode record) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flattenInto(record, flat);
        return flat;
    }

    /** Flattens one record into {@code flat}; throws {@link IllegalArgumentException} when it is not an object. */
    public void flattenInto(JsonNode record, Map<String, Object> flat) {
        if (record == null || !record.isObject()) {
            throw new IllegalArgumentException("flatten value must be an object");
        }
        flattenObject(record, "", 0, flat);
    }

    private void flattenObject(JsonNode object, String parentKey, int depth, Map<String, Object> flat) {
        if (object.isEmpty()) {
            return;
        }
        if (maxLevel > 0 && depth >= maxLevel) {
            flat.put(parentKey, SORTED.writeValueAsString(object));
            return;
        }
        Collection<String> keys = object.propertyNames();
        if (keys.size() < 2 || isSorted(keys)) {
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                flattenProperty(property.getKey(), property.getValue(), parentKey, depth, flat);
            }
            return;
        }
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        for (String key : sorted) {
            flattenProperty(key, object.get(key), parentKey, depth, flat);
        }
    }

    private void flattenProperty(String key, JsonNode value, String parentKey, int depth, Map<String, Object> flat) {
        String name = OpenObserveNames.key(key);
        String path = depth > 0 ? parentKey + '_' + name : name;
        flattenValue(value, path, depth + 1, flat);
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

    private static boolean isSorted(Collection<String> keys) {
        String previous = null;
        for (String key : keys) {
            if (previous != null && previous.compareTo(key) > 0) {
                return false;
            }
            previous = key;
        }
        return true;
    }

    /** The Java value of a JSON scalar as OpenObserve stores it. */
    public static Object scalar(JsonNode value) {
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

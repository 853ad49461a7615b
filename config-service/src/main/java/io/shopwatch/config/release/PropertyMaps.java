package io.shopwatch.config.release;

import io.shopwatch.common.web.ShopWatchException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Properties as ShopWatch stores them: flat keys ({@code pipeline.pii.rules[0].pattern}) to scalar values (string,
 * number, boolean), sorted by key. A nested JSON object or array in a draft is flattened the way Spring Boot binds
 * it; {@code null} is refused (remove the key instead).
 */
public final class PropertyMaps {

    /** Longest property key, longest value. */
    static final int MAX_KEY = 256;

    static final int MAX_VALUE = 65_536;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private PropertyMaps() {}

    /** The flat properties of a JSON object. */
    public static SortedMap<String, Object> flatten(JsonNode object) {
        if (object == null || !object.isObject()) {
            throw ShopWatchException.invalid("the draft must be a JSON object of properties");
        }
        SortedMap<String, Object> flat = new TreeMap<>();
        flatten("", object, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, SortedMap<String, Object> flat) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String key = entry.getKey();
                if (key.isBlank()) {
                    throw ShopWatchException.invalid("property keys must not be blank");
                }
                flatten(prefix.isEmpty() ? key : prefix + "." + key, entry.getValue(), flat);
            }
            return;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), flat);
            }
            return;
        }
        if (prefix.length() > MAX_KEY) {
            throw ShopWatchException.invalid("property key longer than " + MAX_KEY + " characters: " + prefix);
        }
        Object value;
        if (node.isString()) {
            value = node.stringValue();
            if (((String) value).length() > MAX_VALUE) {
                throw ShopWatchException.invalid("value of " + prefix + " is longer than " + MAX_VALUE + " characters");
            }
        } else if (node.isNumber()) {
            value = node.numberValue();
        } else if (node.isBoolean()) {
            value = node.booleanValue();
        } else {
            throw ShopWatchException.invalid("value of " + prefix + " must be a string, number or boolean");
        }
        if (flat.put(prefix, value) != null) {
            throw ShopWatchException.invalid("property " + prefix + " is given twice");
        }
    }

    /** The canonical JSON text of flat properties (keys sorted). */
    public static String toJson(SortedMap<String, Object> properties) {
        return JSON.writeValueAsString(properties);
    }

    /** Flat properties back from {@link #toJson}. */
    public static SortedMap<String, Object> fromJson(String json) {
        return flatten(JSON.readTree(json));
    }

    /** Hex SHA-256 of the canonical JSON. */
    public static String sha256(SortedMap<String, Object> properties) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(toJson(properties).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package io.shopwatch.alert.db;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** JSON of values kept in text columns. */
public final class JsonCodec {

    public static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, Object>>> LIST_OF_MAPS = new TypeReference<>() {};

    private JsonCodec() {}

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static Map<String, String> stringMap(String json) {
        return MAPPER.readValue(json, STRING_MAP);
    }

    public static List<Map<String, Object>> listOfMaps(String json) {
        return MAPPER.readValue(json, LIST_OF_MAPS);
    }
}

package io.shopwatch.store.web;

import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.store.error.StoreException;
import io.shopwatch.store.stream.StreamCatalog;
import io.shopwatch.store.stream.StreamKey;
import io.shopwatch.store.stream.StreamMeta;
import io.shopwatch.store.stream.StreamSettings;
import io.shopwatch.store.stream.StreamSettingsStore;
import io.shopwatch.store.stream.StreamStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** OpenObserve's streams API: list, schema, settings, delete. Sizes are MB and times µs, as OpenObserve reports them. */
@RestController
@OpenObserveApi
public class StreamController {

    private static final double MB = 1024.0 * 1024.0;

    private final StreamCatalog catalog;
    private final StreamSettingsStore settings;

    public StreamController(StreamCatalog catalog, StreamSettingsStore settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    @GetMapping("/api/{org}/streams")
    public ObjectNode list(
            @PathVariable String org,
            @RequestParam(name = "type", required = false) String type,
            @RequestParam(name = "keyword", required = false) String keyword,
            @RequestParam(name = "offset", required = false, defaultValue = "0") int offset,
            @RequestParam(name = "limit", required = false, defaultValue = "0") int limit,
            @RequestParam(name = "fetchSchema", required = false, defaultValue = "false") String fetchSchema) {
        if (!fetchSchema.equals("true") && !fetchSchema.equals("false")) {
            throw StoreException.badRequest("fetchSchema must be true or false");
        }
        StreamType streamType = type == null || type.isBlank() ? null : SearchController.streamType(type);
        List<StreamMeta> streams = new ArrayList<>(catalog.list(org, streamType));
        if (keyword != null && !keyword.isBlank()) {
            String k = keyword.toLowerCase(Locale.ROOT);
            streams.removeIf(s -> !s.key().name().toLowerCase(Locale.ROOT).contains(k));
        }
        int total = streams.size();
        int from = Math.min(Math.max(0, offset), total);
        int to = limit > 0 ? Math.min(total, from + limit) : total;
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ArrayNode list = response.putArray("list");
        for (StreamMeta stream : streams.subList(from, to)) {
            list.add(describe(stream, fetchSchema.equals("true")));
        }
        response.put("total", total);
        return response;
    }

    @GetMapping("/api/{org}/streams/{stream}/schema")
    public ObjectNode schema(
            @PathVariable String org,
            @PathVariable String stream,
            @RequestParam(name = "type", required = false) String type) {
        StreamMeta meta = catalog.find(new StreamKey(org, SearchController.streamType(type), stream))
                .orElseThrow(() -> StoreException.notFound("stream not found"));
        return describe(meta, true);
    }

    @DeleteMapping("/api/{org}/streams/{stream}")
    public ObjectNode delete(
            @PathVariable String org,
            @PathVariable String stream,
            @RequestParam(name = "type", required = false) String type) {
        if (!catalog.delete(new StreamKey(org, SearchController.streamType(type), stream))) {
            throw StoreException.notFound("stream not found");
        }
        return message("stream deleted");
    }

    @PutMapping(path = "/api/{org}/streams/{stream}/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode updateSettings(
            @PathVariable String org,
            @PathVariable String stream,
            @RequestParam(name = "type", required = false) String type,
            @RequestBody JsonNode body) {
        StreamKey key = new StreamKey(org, SearchController.streamType(type), stream);
        settings.updateSettings(key, current -> apply(current, body))
                .orElseThrow(() -> StoreException.notFound("stream not found"));
        return message("");
    }

    /** OpenObserve's {@code UpdateStreamSettings}: add/remove lists and plain values, all optional. */
    static StreamSettings apply(StreamSettings s, JsonNode body) {
        int retention = body.path("data_retention").isNumber()
                ? body.path("data_retention").asInt()
                : s.dataRetention();
        long range = body.path("max_query_range").isNumber()
                ? body.path("max_query_range").asLong()
                : s.maxQueryRange();
        Integer flatten = body.path("flatten_level").isNumber()
                ? Integer.valueOf(body.path("flatten_level").asInt())
                : s.flattenLevel();
        if (retention < 0 || range < 0 || (flatten != null && flatten < 0)) {
            throw StoreException.badRequest("settings must not be negative");
        }
        return new StreamSettings(
                retention,
                range,
                addRemove(s.fullTextSearchKeys(), body.path("full_text_search_keys")),
                addRemove(s.indexFields(), body.path("index_fields")),
                addRemove(s.bloomFilterFields(), body.path("bloom_filter_fields")),
                flatten);
    }

    private static List<String> addRemove(List<String> current, JsonNode change) {
        if (!change.isObject()) {
            return current;
        }
        return StreamSettings.addRemove(current, strings(change.path("add")), strings(change.path("remove")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(
                v -> values.add(v.isString() ? v.asString() : v.path("field").asString(v.toString())));
        return values;
    }

    private ObjectNode describe(StreamMeta stream, boolean withSchema) {
        StreamStats stats = settings.stats(stream);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", stream.key().name());
        node.put("storage_type", "disk");
        node.put("stream_type", stream.key().type().value());
        ObjectNode st = node.putObject("stats");
        st.put("created_at", stream.createdAt());
        st.put("doc_time_min", stats.docTimeMin());
        st.put("doc_time_max", stats.docTimeMax());
        st.put("doc_num", stats.docNum());
        st.put("file_num", 1);
        st.put("storage_size", stats.originalBytes() / MB);
        st.put("compressed_size", stats.storedBytes() / MB);
        st.put("index_size", 0.0);
        ArrayNode schema = node.putArray("schema");
        if (withSchema) {
            stream.columns().forEach((name, type) -> {
                ObjectNode field = schema.addObject();
                field.put("name", name);
                field.put("type", type.arrowName());
            });
        }
        node.set("settings", settingsJson(stream.settings()));
        node.put("total_fields", stream.columns().size());
        return node;
    }

    private static ObjectNode settingsJson(StreamSettings s) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putObject("partition_keys");
        s.fullTextSearchKeys().forEach(node.putArray("full_text_search_keys")::add);
        s.indexFields().forEach(node.putArray("index_fields")::add);
        s.bloomFilterFields().forEach(node.putArray("bloom_filter_fields")::add);
        node.putArray("distinct_value_fields");
        node.put("data_retention", s.dataRetention());
        node.put("max_query_range", s.maxQueryRange());
        node.put("store_original_data", false);
        node.put("approx_partition", false);
        node.put("index_updated_at", 0);
        node.putArray("extended_retention_days");
        node.put("index_original_data", false);
        node.put("index_all_values", false);
        node.put("enable_distinct_fields", true);
        node.put("enable_log_patterns_extraction", false);
        if (s.flattenLevel() != null) {
            node.put("flatten_level", s.flattenLevel());
        }
        return node;
    }

    private static ObjectNode message(String message) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("code", 200);
        node.put("message", message);
        return node;
    }
}

package io.shopwatch.store.web;

import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.store.error.StoreException;
import io.shopwatch.store.search.SearchQuery;
import io.shopwatch.store.search.Searcher;
import io.shopwatch.store.search.ValuesQuery;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenObserve's {@code _search} and {@code _values}. */
@RestController
@OpenObserveApi
public class SearchController {

    private final Searcher searcher;

    public SearchController(Searcher searcher) {
        this.searcher = searcher;
    }

    @PostMapping(path = "/api/{org}/_search", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode search(
            @PathVariable String org,
            @RequestParam(name = "type", required = false) String type,
            @RequestParam(name = "search_type", required = false) String searchTypeParam,
            @RequestBody JsonNode body) {
        JsonNode query = body.path("query");
        if (!query.isObject()) {
            throw new StoreException(
                    422, 422, "Failed to deserialize the JSON body into the target type: missing field `query`", null);
        }
        JsonNode sqlNode = query.path("sql");
        if (!sqlNode.isString()) {
            throw new StoreException(
                    422, 422, "Failed to deserialize the JSON body into the target type: missing field `sql`", null);
        }
        String sql = sqlNode.asString();
        if ("base64".equalsIgnoreCase(body.path("encoding").asString(""))) {
            sql = base64(sql);
        }
        String searchType = searchTypeParam != null
                ? searchTypeParam
                : body.path("search_type").asString("");
        Integer size = query.path("size").isNumber() ? query.path("size").asInt() : null;
        SearchQuery search = new SearchQuery(
                sql,
                query.path("start_time").asLong(0),
                query.path("end_time").isNumber() ? query.path("end_time").asLong() : Long.MAX_VALUE,
                Math.max(0, query.path("from").asLong(0)),
                size,
                query.path("track_total_hits").asBoolean(false),
                streamType(type),
                query.path("histogram_interval").asLong(0),
                searchType,
                body.path("timeout").asInt(0));
        return searcher.search(org, search);
    }

    @GetMapping("/api/{org}/{stream}/_values")
    public ObjectNode values(
            @PathVariable String org,
            @PathVariable String stream,
            @RequestParam(name = "fields", required = false) String fields,
            @RequestParam(name = "start_time", required = false) Long startTime,
            @RequestParam(name = "end_time", required = false) Long endTime,
            @RequestParam(name = "size", required = false, defaultValue = "0") int size,
            @RequestParam(name = "keyword", required = false) String keyword,
            @RequestParam(name = "filter", required = false) String filter,
            @RequestParam(name = "sql", required = false) String sql,
            @RequestParam(name = "no_count", required = false, defaultValue = "false") boolean noCount,
            @RequestParam(name = "type", required = false) String type) {
        if (fields == null || fields.isBlank()) {
            throw StoreException.badRequest("fields is empty");
        }
        if (startTime == null) {
            throw StoreException.badRequest("start_time is empty");
        }
        if (endTime == null) {
            throw StoreException.badRequest("end_time is empty");
        }
        ValuesQuery query = new ValuesQuery(
                stream,
                streamType(type),
                Arrays.asList(fields.split(",")),
                startTime,
                endTime,
                size,
                keyword,
                filter,
                sql == null || sql.isBlank() ? null : base64(sql),
                noCount);
        return searcher.values(org, query);
    }

    static StreamType streamType(String type) {
        try {
            return StreamType.parse(type);
        } catch (IllegalArgumentException e) {
            throw StoreException.badRequest("invalid stream type: " + type);
        }
    }

    private static String base64(String text) {
        String normalised =
                text.replace('.', '=').replace('-', '+').replace('_', '/').trim();
        try {
            return new String(Base64.getDecoder().decode(normalised), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw StoreException.badRequest("invalid base64 sql");
        }
    }
}

package io.shopwatch.store.web;

import io.shopwatch.store.config.StoreProperties;
import io.shopwatch.store.search.QueryPlanner;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** OpenObserve's unauthenticated meta endpoints: {@code /healthz} and {@code /config}. */
@RestController
public class MetaController {

    private final StoreProperties properties;

    public MetaController(StoreProperties properties) {
        this.properties = properties;
    }

    @RequestMapping(
            path = "/healthz",
            method = {RequestMethod.GET, RequestMethod.HEAD})
    public ObjectNode health() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("status", "ok");
        return node;
    }

    @GetMapping("/config")
    public ObjectNode config() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        String version = MetaController.class.getPackage().getImplementationVersion();
        node.put("version", "shopwatch-embedded-store " + (version == null ? "dev" : version));
        node.put("commit_hash", "");
        node.put("build_date", "");
        node.put("build_type", "embedded");
        QueryPlanner.DEFAULT_FTS_FIELDS.forEach(node.putArray("default_fts_keys")::add);
        node.put("timestamp_column", "_timestamp");
        node.put("data_retention_days", properties.dataRetentionDays());
        node.putArray("sql_reserved_keywords");
        node.put("rbac_enabled", false);
        node.put("sso_enabled", false);
        node.put("query_default_limit", properties.queryDefaultLimit());
        node.put("max_query_range", 0);
        node.put("ingest_flatten_level", properties.ingestFlattenLevel());
        return node;
    }
}

package io.shopwatch.logging.shippers;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The requests Elasticsearch clients make before {@code POST /api/{org}/_bulk}, answered as OpenObserve answers them:
 * the cluster's info document ({@link ElasticsearchHandshake}), and an active licence for the clients that ask for one
 * (Filebeat, Logstash's {@code ilm_enabled => auto}). Every answer carries {@code X-Elastic-Product: Elasticsearch},
 * without which Elastic's own clients refuse to go on. Nothing here reads or writes data.
 */
@RestController
@Tag(name = "ingestion (OpenObserve API)")
public class ElasticsearchHandshakeController {

    @Operation(
            summary = "Elasticsearch cluster info (handshake before _bulk)",
            description = "version.number: the version an Elastic client names in its User-Agent, else 7.17.1")
    @RequestMapping(
            path = "/api/{org}/",
            method = {RequestMethod.GET, RequestMethod.HEAD})
    public ResponseEntity<ElasticsearchHandshake.Info> info(
            @PathVariable String org, @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String agent) {
        ShipperRequests.orgFromPath(org);
        return elastic(ElasticsearchHandshake.Info.of(ElasticsearchHandshake.version(agent)));
    }

    @Operation(summary = "Elasticsearch licence (handshake before _bulk)")
    @GetMapping("/api/{org}/_license")
    public ResponseEntity<Map<String, Object>> license(@PathVariable String org) {
        ShipperRequests.orgFromPath(org);
        return elastic(Map.of("license", Map.of("status", "active", "type", "basic")));
    }

    @Operation(summary = "Elasticsearch X-Pack features (handshake before _bulk)")
    @GetMapping("/api/{org}/_xpack")
    public ResponseEntity<Map<String, Object>> xpack(@PathVariable String org) {
        ShipperRequests.orgFromPath(org);
        return elastic(Map.of("build", Map.of(), "features", Map.of(), "license", Map.of("status", "active")));
    }

    private static <T> ResponseEntity<T> elastic(T body) {
        return ResponseEntity.ok()
                .header(ElasticsearchHandshake.PRODUCT_HEADER, ElasticsearchHandshake.PRODUCT)
                .body(body);
    }
}

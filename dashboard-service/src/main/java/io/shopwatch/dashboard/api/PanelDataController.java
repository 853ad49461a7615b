package io.shopwatch.dashboard.api;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.dashboard.model.Dashboards;
import io.shopwatch.dashboard.query.PanelData;
import io.shopwatch.dashboard.query.PanelDataService;
import io.shopwatch.dashboard.query.PanelQuery;
import io.shopwatch.dashboard.service.DashboardService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A panel's data: its SQL run through OpenObserve (its PromQL through metrics-service, with the caller's token) with the
 * time range and variables, shaped for charts.
 */
@RestController
@RequestMapping(path = "/api/v1/dashboards", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Panel data")
public class PanelDataController {

    /**
     * The range and variables of a data request; all optional.
     *
     * @param startTime inclusive start, µs (with endTime)
     * @param endTime exclusive end, µs
     * @param period a relative range ending now ({@code 15m}, {@code 1h}, {@code 7d}) when no start/end is given
     * @param width the panel's width in pixels, for {@code $__interval} (default 1000)
     * @param variables values by name: a string, or a list for a multi-select variable (empty list: all)
     */
    public record PanelDataRequest(
            Long startTime, Long endTime, String period, Integer width, Map<String, Object> variables) {

        PanelQuery query() {
            return new PanelQuery(startTime, endTime, period, width, variables);
        }
    }

    /**
     * An unsaved panel's data request: the panel, the dashboard's variable definitions and default time, and the
     * usual range and values.
     */
    public record UnsavedPanelRequest(
            JsonNode panel,
            JsonNode variables,
            JsonNode defaultDatetimeDuration,
            Long startTime,
            Long endTime,
            String period,
            Integer width,
            Map<String, Object> values) {}

    private final DashboardService dashboards;
    private final PanelDataService data;
    private final OrgResolver orgs;

    public PanelDataController(DashboardService dashboards, PanelDataService data, OrgResolver orgs) {
        this.dashboards = dashboards;
        this.data = data;
        this.orgs = orgs;
    }

    @PostMapping("/{id}/panels/{panelId}/data")
    @Operation(summary = "Run a saved panel's queries and answer series (charts) and columns and rows (tables)")
    public PanelData panelData(
            @PathVariable String id,
            @PathVariable String panelId,
            @RequestBody(required = false) PanelDataRequest body,
            HttpServletRequest request) {
        String org = orgs.org(request);
        JsonNode dashboard = dashboards.get(org, id).document();
        JsonNode panel = findPanel(dashboard, panelId);
        PanelQuery query = body == null ? PanelQuery.defaults() : body.query();
        return data.run(org, request.getHeader(HttpHeaders.AUTHORIZATION), dashboard, panel, query);
    }

    @PostMapping(path = "/panels/data", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run an unsaved panel's queries (the panel editor's preview)")
    public PanelData unsavedPanelData(@RequestBody UnsavedPanelRequest body, HttpServletRequest request) {
        if (body.panel() == null
                || !body.panel().isObject()
                || !body.panel().path("queries").isArray()) {
            throw ShopWatchException.invalid("panel must be a panel object with queries");
        }
        ObjectNode dashboard = Dashboards.JSON.createObjectNode();
        if (body.variables() != null) {
            dashboard.set("variables", body.variables());
        }
        if (body.defaultDatetimeDuration() != null) {
            dashboard.set("defaultDatetimeDuration", body.defaultDatetimeDuration());
        }
        PanelQuery query = new PanelQuery(body.startTime(), body.endTime(), body.period(), body.width(), body.values());
        return data.run(
                orgs.org(request), request.getHeader(HttpHeaders.AUTHORIZATION), dashboard, body.panel(), query);
    }

    private static JsonNode findPanel(JsonNode dashboard, String panelId) {
        for (JsonNode tab : dashboard.path("tabs")) {
            for (JsonNode panel : tab.path("panels")) {
                if (panelId.equals(panel.path("id").asString(""))) {
                    return panel;
                }
            }
        }
        throw ShopWatchException.notFound("panel", panelId);
    }
}

package io.shopwatch.dashboard.api;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.dashboard.api.DashboardViews.BatchMoveRequest;
import io.shopwatch.dashboard.api.DashboardViews.DashboardList;
import io.shopwatch.dashboard.api.DashboardViews.DashboardSummary;
import io.shopwatch.dashboard.api.DashboardViews.DashboardView;
import io.shopwatch.dashboard.api.DashboardViews.MoveRequest;
import io.shopwatch.dashboard.service.DashboardService;
import io.shopwatch.dashboard.store.Folder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The org's dashboards: list, create, read, replace, delete, move, detach, export. */
@RestController
@RequestMapping(path = "/api/v1/dashboards", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Dashboards")
public class DashboardController {

    private final DashboardService service;
    private final OrgResolver orgs;

    public DashboardController(DashboardService service, OrgResolver orgs) {
        this.service = service;
        this.orgs = orgs;
    }

    @GetMapping
    @Operation(summary = "Dashboards of the org, of one folder and/or whose title contains a text (any case)")
    public DashboardList list(
            @RequestParam(required = false) String folder,
            @RequestParam(required = false) String title,
            HttpServletRequest request) {
        String org = orgs.org(request);
        Map<String, String> names =
                service.folders(org).stream().collect(Collectors.toMap(Folder::folderId, Folder::name));
        return new DashboardList(service.list(org, folder, title).stream()
                .map(d -> DashboardSummary.of(d, names))
                .toList());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a dashboard from an OpenObserve document: v8 is kept exactly as given, v1-v7 migrated")
    public ResponseEntity<DashboardView> create(
            @RequestParam(required = false) String folder, @RequestBody JsonNode document, HttpServletRequest request) {
        JsonNode v8 = ImportController.convert(document, "openobserve").dashboard();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(DashboardView.of(service.create(orgs.org(request), folder, v8)));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One dashboard: its v8 document, hash (for the next write) and revision")
    public DashboardView get(@PathVariable String id, HttpServletRequest request) {
        return DashboardView.of(service.get(orgs.org(request), id));
    }

    @GetMapping("/{id}/export")
    @Operation(summary = "The dashboard's v8 document exactly as it was stored, for import elsewhere")
    public JsonNode export(@PathVariable String id, HttpServletRequest request) {
        return service.get(orgs.org(request), id).document();
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Replace a dashboard; hash (query or If-Match) must be the one read, else 409 with the current")
    public DashboardView update(
            @PathVariable String id,
            @RequestParam(required = false) String hash,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestParam(required = false) String folder,
            @RequestBody JsonNode document,
            HttpServletRequest request) {
        return DashboardView.of(service.update(orgs.org(request), id, hash(hash, ifMatch), folder, document));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a dashboard (hash checked when given)")
    public ResponseEntity<Void> delete(
            @PathVariable String id,
            @RequestParam(required = false) String hash,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            HttpServletRequest request) {
        service.delete(orgs.org(request), id, hash(hash, ifMatch));
        return ResponseEntity.noContent().build();
    }

    @PutMapping(path = "/{id}/folder", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Move a dashboard to another folder")
    public DashboardView move(@PathVariable String id, @RequestBody MoveRequest move, HttpServletRequest request) {
        return DashboardView.of(service.move(orgs.org(request), id, move.folderId(), move.hash()));
    }

    @PatchMapping(path = "/move", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Move several dashboards to a folder (OpenObserve's batch move)")
    public ResponseEntity<Void> moveMany(@RequestBody BatchMoveRequest move, HttpServletRequest request) {
        String org = orgs.org(request);
        if (move.dashboard_ids() != null) {
            move.dashboard_ids().forEach(id -> service.move(org, id, move.dst_folder_id(), null));
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/detach")
    @Operation(summary = "Detach a provisioned or pack dashboard: editable here, no longer replaced by its source")
    public DashboardView detach(@PathVariable String id, HttpServletRequest request) {
        return DashboardView.of(service.detach(orgs.org(request), id));
    }

    /** The hash from the query or an {@code If-Match} header (quotes removed). */
    static String hash(String query, String ifMatch) {
        if (query != null && !query.isBlank()) {
            return query.strip();
        }
        if (ifMatch != null && !ifMatch.isBlank()) {
            String tag = ifMatch.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            return tag.replace("\"", "");
        }
        return null;
    }
}

package io.shopwatch.dashboard.api;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.dashboard.api.DashboardViews.DashboardView;
import io.shopwatch.dashboard.migrate.DashboardImporter;
import io.shopwatch.dashboard.migrate.ImportNote;
import io.shopwatch.dashboard.model.FieldError;
import io.shopwatch.dashboard.service.DashboardRejectedException;
import io.shopwatch.dashboard.service.DashboardService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Import of OpenObserve (v1–v8) and Grafana dashboards; export of a folder. */
@RestController
@RequestMapping(path = "/api/v1/dashboards", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Dashboard import and export")
public class ImportController {

    /** What an import answers: the new dashboard, where it came from, and what could not be carried over. */
    public record ImportAnswer(DashboardView dashboard, String source, List<ImportNote> notes) {}

    /** A folder's (or the org's) dashboards as v8 documents. */
    public record BulkExport(List<JsonNode> dashboards) {}

    private final DashboardService service;
    private final OrgResolver orgs;

    public ImportController(DashboardService service, OrgResolver orgs) {
        this.service = service;
        this.orgs = orgs;
    }

    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Import an OpenObserve dashboard of any version (migrated to v8) or a Grafana dashboard")
    public ResponseEntity<ImportAnswer> importDashboard(
            @RequestParam(required = false) String folder,
            @RequestParam(required = false) String format,
            @RequestBody JsonNode document,
            HttpServletRequest request) {
        DashboardImporter.Imported imported = convert(document, format);
        DashboardView view = DashboardView.of(service.create(orgs.org(request), folder, imported.dashboard()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new ImportAnswer(view, imported.source(), imported.notes()));
    }

    @GetMapping("/export")
    @Operation(summary = "Every dashboard of the org, or of one folder, as v8 documents exactly as stored")
    public BulkExport export(@RequestParam(required = false) String folder, HttpServletRequest request) {
        return new BulkExport(service.list(orgs.org(request), folder, null).stream()
                .map(d -> d.document())
                .toList());
    }

    /** The v8 form of a document of any supported format; 400 for what cannot be imported. */
    static DashboardImporter.Imported convert(JsonNode document, String format) {
        try {
            return DashboardImporter.toV8(document, DashboardImporter.Format.of(format));
        } catch (IllegalArgumentException e) {
            throw new DashboardRejectedException(List.of(new FieldError("$", e.getMessage())));
        }
    }
}

package io.shopwatch.alert.api;

import io.shopwatch.alert.state.AlertStateExporter;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportResult;
import io.shopwatch.common.state.StateImports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The org's alerting configuration, rules, silences and acknowledgements as platform state (admin only). */
@RestController
@RequestMapping(path = "/api/v1/alerts/state", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Alerting state")
public class StateController {

    private final AlertStateExporter exporter;
    private final OrgResolver orgs;

    public StateController(AlertStateExporter exporter, OrgResolver orgs) {
        this.exporter = exporter;
        this.orgs = orgs;
    }

    @GetMapping("/export")
    @Operation(
            summary = "The org's alerting state as a state document",
            description = "The configuration in force as stored (encrypted: channel secrets never leave in clear),"
                    + " rules, silences, acknowledgements")
    public StateDocument export(HttpServletRequest request) {
        return exporter.export(orgs.org(request));
    }

    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Import a state document",
            description = "conflicts: skip, overwrite or fail (409, nothing written); dryRun reports only")
    public StateImportResult importState(
            @RequestBody StateDocument document,
            @RequestParam(required = false) String conflicts,
            @RequestParam(defaultValue = "false") boolean dryRun,
            HttpServletRequest request) {
        return StateImports.importing(
                conflicts, policy -> exporter.importState(orgs.org(request), document, policy, dryRun));
    }
}

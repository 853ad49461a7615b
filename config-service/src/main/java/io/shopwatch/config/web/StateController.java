package io.shopwatch.config.web;

import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportResult;
import io.shopwatch.common.state.StateImports;
import io.shopwatch.config.state.ConfigStateExporter;
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

/** The org's drafts, releases and pointers as platform state, for backup-service (admin only). */
@RestController
@RequestMapping(path = "/api/v1/config/state", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Configuration state")
public class StateController {

    private final ConfigStateExporter exporter;
    private final Callers callers;

    public StateController(ConfigStateExporter exporter, Callers callers) {
        this.exporter = exporter;
        this.callers = callers;
    }

    @GetMapping("/export")
    @Operation(
            summary = "Every release, draft and pointer of the org, as a state document",
            description = "Properties as stored: secret values stay {cipher}, never decrypted")
    public StateDocument export(HttpServletRequest request) {
        return exporter.export(callers.org(request));
    }

    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Import a state document",
            description = "conflicts: skip, overwrite or fail (409, nothing written); dryRun reports only. Releases"
                    + " keep their ids and are never overwritten")
    public StateImportResult importState(
            @RequestBody StateDocument document,
            @RequestParam(required = false) String conflicts,
            @RequestParam(defaultValue = "false") boolean dryRun,
            HttpServletRequest request) {
        return StateImports.importing(
                conflicts, policy -> exporter.importState(callers.org(request), document, policy, dryRun));
    }
}

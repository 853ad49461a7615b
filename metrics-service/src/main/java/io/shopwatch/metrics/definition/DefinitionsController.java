package io.shopwatch.metrics.definition;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/metrics/definitions}: the caller's org's metric definitions (reads: viewer; changes: operator). */
@RestController
@Tag(name = "metrics")
public class DefinitionsController {

    private final MetricRegistry registry;
    private final OrgResolver orgs;

    public DefinitionsController(MetricRegistry registry, OrgResolver orgs) {
        this.registry = registry;
        this.orgs = orgs;
    }

    private static String user(Principal principal) {
        return principal == null ? "anonymous" : principal.getName();
    }

    @Operation(summary = "The org's metric definitions (the e-commerce pack is installed on first use)")
    @GetMapping("/api/v1/metrics/definitions")
    public List<MetricDefinition> list(HttpServletRequest request) {
        return registry.list(orgs.org(request));
    }

    @Operation(summary = "One metric definition")
    @GetMapping("/api/v1/metrics/definitions/{name}")
    public MetricDefinition get(HttpServletRequest request, @PathVariable String name) {
        return registry.get(orgs.org(request), name);
    }

    @Operation(summary = "Every version of a metric definition (a deletion has no definition)")
    @GetMapping("/api/v1/metrics/definitions/{name}/versions")
    public List<DefinitionRepository.Version> versions(HttpServletRequest request, @PathVariable String name) {
        return registry.versions(orgs.org(request), name);
    }

    @Operation(summary = "Create a metric definition; 409 when the name exists")
    @PostMapping("/api/v1/metrics/definitions")
    @ResponseStatus(HttpStatus.CREATED)
    public MetricDefinition create(
            HttpServletRequest request, @RequestBody MetricDefinition definition, Principal principal) {
        return registry.create(orgs.org(request), definition, user(principal));
    }

    @Operation(summary = "Replace a metric definition (a new version)")
    @PutMapping("/api/v1/metrics/definitions/{name}")
    public MetricDefinition update(
            HttpServletRequest request,
            @PathVariable String name,
            @RequestBody MetricDefinition definition,
            Principal principal) {
        return registry.update(orgs.org(request), name, definition, user(principal));
    }

    @Operation(summary = "Delete a metric definition")
    @DeleteMapping("/api/v1/metrics/definitions/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(HttpServletRequest request, @PathVariable String name, Principal principal) {
        registry.delete(orgs.org(request), name, user(principal));
    }
}

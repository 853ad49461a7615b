package io.shopwatch.dashboard.api;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.dashboard.api.DashboardViews.FolderList;
import io.shopwatch.dashboard.api.DashboardViews.FolderRequest;
import io.shopwatch.dashboard.api.DashboardViews.FolderView;
import io.shopwatch.dashboard.service.DashboardService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Folders of dashboards; every org has the folder {@code default}. */
@RestController
@RequestMapping(path = "/api/v1/dashboards/folders", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Dashboard folders")
public class FolderController {

    private final DashboardService service;
    private final OrgResolver orgs;

    public FolderController(DashboardService service, OrgResolver orgs) {
        this.service = service;
        this.orgs = orgs;
    }

    @GetMapping
    @Operation(summary = "The org's folders")
    public FolderList list(HttpServletRequest request) {
        return new FolderList(
                service.folders(orgs.org(request)).stream().map(FolderView::of).toList());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a folder")
    public ResponseEntity<FolderView> create(@RequestBody FolderRequest body, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(FolderView.of(service.createFolder(orgs.org(request), body.name(), body.description())));
    }

    @GetMapping("/{folderId}")
    @Operation(summary = "One folder")
    public FolderView get(@PathVariable String folderId, HttpServletRequest request) {
        return FolderView.of(service.folder(orgs.org(request), folderId));
    }

    @PutMapping(path = "/{folderId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Rename a folder or change its description")
    public FolderView update(
            @PathVariable String folderId, @RequestBody FolderRequest body, HttpServletRequest request) {
        return FolderView.of(service.updateFolder(orgs.org(request), folderId, body.name(), body.description()));
    }

    @DeleteMapping("/{folderId}")
    @Operation(summary = "Delete an empty folder (not the default one)")
    public ResponseEntity<Void> delete(@PathVariable String folderId, HttpServletRequest request) {
        service.deleteFolder(orgs.org(request), folderId);
        return ResponseEntity.noContent().build();
    }
}

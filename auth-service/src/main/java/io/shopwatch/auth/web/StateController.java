package io.shopwatch.auth.web;

import io.shopwatch.auth.security.AccessPolicy;
import io.shopwatch.auth.state.AuthStateExporter;
import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportResult;
import io.shopwatch.common.state.StateImports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An org's users, roles and API-key metadata as platform state, for backup-service: administrators of the org,
 * platform administrators, and the platform credentials (as an admin of the {@code org} parameter's org). A full export
 * (password and key hashes, encrypted) is for platform administrators and the platform credentials only.
 */
@RestController
@RequestMapping(path = "/api/v1/auth/state", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Auth state")
public class StateController {

    private final AuthStateExporter exporter;
    private final AccessPolicy access;

    public StateController(AuthStateExporter exporter, AccessPolicy access) {
        this.exporter = exporter;
        this.access = access;
    }

    @GetMapping("/export")
    @Operation(
            summary = "The org's users, roles and API-key metadata, as a state document",
            description = "full=true adds the password and API-key hashes, encrypted with SHOPWATCH_SECRET_KEY;"
                    + " platform administrators only")
    public StateDocument export(
            @AuthenticationPrincipal Identity caller,
            @RequestParam(required = false) String org,
            @RequestParam(defaultValue = "false") boolean full) {
        String target = authorize(caller, org);
        if (full && caller.kind() != AuthKind.PLATFORM && !access.isPlatformAdmin(caller)) {
            throw access.deny(
                    caller,
                    target,
                    "full_state",
                    "a full state export (password and key hashes) is for platform" + " administrators");
        }
        return exporter.export(target, full);
    }

    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Import a state document",
            description = "conflicts: skip, overwrite or fail (409, nothing written); dryRun reports only")
    public StateImportResult importState(
            @AuthenticationPrincipal Identity caller,
            @RequestBody StateDocument document,
            @RequestParam(required = false) String org,
            @RequestParam(required = false) String conflicts,
            @RequestParam(defaultValue = "false") boolean dryRun) {
        String target = authorize(caller, org);
        return StateImports.importing(conflicts, policy -> {
            checkSecretsMayBeImported(caller, target, document);
            return exporter.importState(target, document, policy, dryRun);
        });
    }

    /** Password and key hashes are imported by platform administrators (or the platform credentials) only. */
    private void checkSecretsMayBeImported(Identity caller, String target, StateDocument document) {
        boolean withSecrets = document.sections().values().stream()
                .flatMap(java.util.List::stream)
                .anyMatch(i -> i.has("password_hash_encrypted") || i.has("secret_hash_encrypted"));
        if (withSecrets && caller.kind() != AuthKind.PLATFORM && !access.isPlatformAdmin(caller)) {
            throw access.deny(
                    caller, target, "full_state", "importing password and key hashes is for platform administrators");
        }
    }

    /** The org acted for: the {@code org} parameter (default the caller's), which the caller must administer. */
    private String authorize(Identity caller, String org) {
        String target = org == null || org.isBlank() ? caller.org() : org.strip();
        if (caller.kind() == AuthKind.PLATFORM) {
            // the platform credentials' filter made the caller an admin of the org the parameter names
            if (!caller.org().equals(target)) {
                throw access.deny(caller, target, "other_org", "access to org '" + target + "' is not allowed");
            }
            return target;
        }
        access.requireOrgAdmin(caller, target);
        return target;
    }
}

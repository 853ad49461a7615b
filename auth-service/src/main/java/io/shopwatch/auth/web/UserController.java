package io.shopwatch.auth.web;

import io.shopwatch.auth.security.AccessPolicy;
import io.shopwatch.auth.security.Clients;
import io.shopwatch.auth.user.Binding;
import io.shopwatch.auth.user.UserService;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** An org's users, for its administrators (and platform administrators). */
@RestController
@RequestMapping("/api/v1/orgs/{org}/users")
public class UserController {

    static final int MAX_LIMIT = 500;

    private final UserService users;
    private final AccessPolicy access;

    public UserController(UserService users, AccessPolicy access) {
        this.users = users;
        this.access = access;
    }

    public record CreateUser(
            @NotBlank @Size(max = 128) String username,
            @NotNull @Size(max = 1024) String password,
            @NotBlank String role) {
        @Override
        public String toString() {
            return "CreateUser[username=" + username + ", role=" + role + "]";
        }
    }

    /** Any subset of role, disabled and password. */
    public record ChangeUser(
            String role, Boolean disabled, @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "ChangeUser[role=" + role + ", disabled=" + disabled + "]";
        }
    }

    /** A user as seen from one org (never the password hash). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UserView(
            String username,
            String org,
            String role,
            boolean disabled,
            boolean platformAdmin,
            Instant createdAt,
            Instant updatedAt) {

        static UserView of(Binding b) {
            return new UserView(
                    b.username(),
                    b.org(),
                    b.role().id(),
                    b.disabled(),
                    b.platformAdmin(),
                    b.createdAt(),
                    b.updatedAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UserPage(List<UserView> data, String nextCursor) {}

    @Operation(
            summary = "Create a user in the org (org administrators)",
            description = "Roles: admin, operator, viewer, ingest. The password must have at least"
                    + " SHOPWATCH_PASSWORD_MIN_LENGTH characters, 5 different ones, not contain the user name and not"
                    + " be a common word with digits added.")
    @PostMapping
    public ResponseEntity<UserView> create(
            @AuthenticationPrincipal Identity caller,
            @PathVariable String org,
            @Valid @RequestBody CreateUser request) {
        access.requireOrgAdmin(caller, org);
        Binding created = users.create(
                caller, org, request.username(), request.password(), role(request.role()), Clients.current());
        return ResponseEntity.created(URI.create("/api/v1/orgs/" + org + "/users/" + created.username()))
                .body(UserView.of(created));
    }

    @Operation(summary = "List the org's users (org administrators)")
    @GetMapping
    public UserPage list(
            @AuthenticationPrincipal Identity caller,
            @PathVariable String org,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") int limit) {
        access.requireOrgAdmin(caller, org);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ShopWatchException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        List<UserView> page =
                users.list(org, cursor, limit).stream().map(UserView::of).toList();
        String next = page.size() == limit ? page.get(page.size() - 1).username() : null;
        return new UserPage(page, next);
    }

    @Operation(summary = "One user of the org (org administrators)")
    @GetMapping("/{username}")
    public UserView get(
            @AuthenticationPrincipal Identity caller, @PathVariable String org, @PathVariable String username) {
        access.requireOrgAdmin(caller, org);
        return UserView.of(users.get(org, username));
    }

    @Operation(
            summary = "Change a user's role, disable or enable them, or reset their password (org administrators)",
            description = "Disabling ends the user's refresh tokens in this org; a password reset ends all of them."
                    + " An org keeps at least one enabled administrator (409 otherwise).")
    @PatchMapping("/{username}")
    public UserView change(
            @AuthenticationPrincipal Identity caller,
            @PathVariable String org,
            @PathVariable String username,
            @Valid @RequestBody ChangeUser request) {
        access.requireOrgAdmin(caller, org);
        Role role = request.role() == null ? null : role(request.role());
        return UserView.of(users.change(
                caller,
                org,
                username,
                new UserService.Change(role, request.disabled(), request.password()),
                Clients.current()));
    }

    @Operation(summary = "Remove a user from the org (org administrators)")
    @DeleteMapping("/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(
            @AuthenticationPrincipal Identity caller, @PathVariable String org, @PathVariable String username) {
        access.requireOrgAdmin(caller, org);
        users.delete(caller, org, username, Clients.current());
    }

    @Operation(summary = "Lift a user's login lock (org administrators)")
    @PostMapping("/{username}/unlock")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void unlock(
            @AuthenticationPrincipal Identity caller, @PathVariable String org, @PathVariable String username) {
        access.requireOrgAdmin(caller, org);
        users.unlock(caller, org, username, Clients.current());
    }

    private static Role role(String id) {
        return Role.fromId(id)
                .orElseThrow(() -> ShopWatchException.invalid(
                        "unknown role '" + id + "'; roles are admin, operator, viewer, ingest"));
    }
}

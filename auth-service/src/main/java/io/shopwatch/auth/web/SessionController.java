package io.shopwatch.auth.web;

import io.shopwatch.auth.security.AccessPolicy;
import io.shopwatch.auth.security.Clients;
import io.shopwatch.auth.session.SessionService;
import io.shopwatch.auth.session.TokenPair;
import io.shopwatch.auth.user.UserRepository;
import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Login, refresh, logout, the caller's identity and password. */
@RestController
@RequestMapping("/api/v1/auth")
public class SessionController {

    private final SessionService sessions;
    private final UserRepository users;
    private final AccessPolicy access;

    public SessionController(SessionService sessions, UserRepository users, AccessPolicy access) {
        this.sessions = sessions;
        this.users = users;
        this.access = access;
    }

    /**
     * Credentials.
     *
     * @param org the org to act in; the user's first org when absent
     */
    public record Login(
            @NotBlank @Size(max = 256) String username,
            @NotNull @Size(max = 1024) String password,
            @Size(max = 64) String org) {
        @Override
        public String toString() {
            return "Login[username=" + username + ", org=" + org + "]";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Refresh(@NotBlank @Size(max = 256) String refreshToken) {
        @Override
        public String toString() {
            return "Refresh[hidden]";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PasswordChange(
            @NotNull @Size(max = 1024) String currentPassword,
            @NotNull @Size(max = 1024) String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[hidden]";
        }
    }

    /** The org to switch to. */
    public record SwitchOrg(@NotBlank @Size(max = 64) String org) {}

    /** A user's role in one org. */
    public record Membership(String org, String role, boolean disabled) {}

    /** The caller, as the token says, plus (for people) every org they hold a role in. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Me(
            String subject,
            String org,
            List<String> roles,
            String kind,
            boolean platformAdmin,
            Instant expiresAt,
            List<Membership> orgs) {}

    @Operation(
            summary = "Log in",
            description = "Answers an access token (RS256 JWT) and a refresh token. 401 for a wrong user name or"
                    + " password, 423 when the account is locked after repeated failures, 429 when the client"
                    + " address is over its limits (both with Retry-After).")
    @SecurityRequirements
    @PostMapping("/login")
    public ResponseEntity<TokenPair> login(@Valid @RequestBody Login login, HttpServletRequest request) {
        TokenPair pair = sessions.login(login.username(), login.password(), login.org(), Clients.of(request));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(pair);
    }

    @Operation(
            summary = "Exchange a refresh token for new tokens",
            description = "The refresh token stops working; the answer holds a new one. Presenting a used refresh"
                    + " token again revokes every token of that login.")
    @SecurityRequirements
    @PostMapping("/refresh")
    public ResponseEntity<TokenPair> refresh(@Valid @RequestBody Refresh refresh, HttpServletRequest request) {
        TokenPair pair = sessions.refresh(refresh.refreshToken(), Clients.of(request));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(pair);
    }

    @Operation(
            summary = "Switch to another org of mine",
            description = "With the caller's access token: answers an access and a refresh token for the given org,"
                    + " as a login there would, without the password. Only for people, and only into an org where"
                    + " they hold an enabled role (a platform administrator: any existing org); 403 otherwise. The"
                    + " tokens of the current org stay valid (log out with its refresh token to end that session).")
    @PostMapping("/switch-org")
    public ResponseEntity<TokenPair> switchOrg(
            @AuthenticationPrincipal Identity caller, @Valid @RequestBody SwitchOrg body, HttpServletRequest request) {
        TokenPair pair = sessions.switchOrg(caller, body.org(), Clients.of(request));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(pair);
    }

    @Operation(
            summary = "Log out",
            description = "Revokes the refresh token and every token refreshed from the same login. Access tokens"
                    + " already issued expire on their own (minutes).")
    @SecurityRequirements
    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void logout(@Valid @RequestBody Refresh refresh, HttpServletRequest request) {
        sessions.logout(refresh.refreshToken(), Clients.of(request));
    }

    @Operation(summary = "Who am I")
    @GetMapping("/me")
    public Me me(@AuthenticationPrincipal Identity caller) {
        List<Membership> memberships = caller.kind() == AuthKind.USER
                ? users.findByUsername(caller.subject())
                        .map(u -> users.bindingsOf(u.id()).stream()
                                .map(b -> new Membership(b.org(), b.role().id(), b.disabled()))
                                .toList())
                        .orElse(List.of())
                : List.of(new Membership(
                        caller.org(), caller.roles().iterator().next().id(), false));
        return new Me(
                caller.subject(),
                caller.org(),
                caller.roles().stream().map(Role::id).sorted().toList(),
                caller.kind().id(),
                access.isPlatformAdmin(caller),
                caller.expiresAt(),
                memberships);
    }

    @Operation(
            summary = "Change my password",
            description = "Needs the current password; every refresh token of the user stops working.")
    @PostMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void changePassword(
            @AuthenticationPrincipal Identity caller,
            @Valid @RequestBody PasswordChange change,
            HttpServletRequest request) {
        sessions.changePassword(caller, change.currentPassword(), change.newPassword(), Clients.of(request));
    }
}

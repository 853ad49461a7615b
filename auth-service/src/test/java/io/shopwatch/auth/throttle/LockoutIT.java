package io.shopwatch.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.auth.support.Api;
import io.shopwatch.auth.support.IntegrationTestBase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Lockout per user name (423) and limits per client address (429), with Retry-After, on a clock the test moves. */
class LockoutIT extends IntegrationTestBase {

    @Autowired
    LoginThrottle throttle;

    @Test
    void fiveFailures_lockTheUser_evenForTheRightPassword_untilTheLockEnds() {
        String org = unique("lock");
        createOrg(org);
        String user = unique("locked-user");
        createUser(adminToken(), org, user, "viewer");

        for (int i = 0; i < 5; i++) {
            assertThat(loginResponse(user, "Wrong-Password-" + i, null).status())
                    .isEqualTo(401);
        }
        Api.Response locked = loginResponse(user, PASSWORD, null);

        assertThat(locked.status()).isEqualTo(423);
        assertThat(locked.problemType()).isEqualTo("https://shopwatch.io/problems/locked");
        assertThat(locked.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(899L, 900L);
        assertThat(locked.json().path("retry_after_seconds").asLong()).isBetween(899L, 900L);
        assertThat(audit("action=auth.lockout&actor=" + user)).singleElement().satisfies(e -> {
            assertThat(e.path("org").asString()).isEqualTo(org);
            assertThat(e.path("details").path("scope").asString()).isEqualTo("user");
        });
        assertThat(audit("action=auth.login&outcome=failure&actor=" + user))
                .extracting(e -> e.path("details").path("reason").asString())
                .containsOnly("bad_credentials", "locked");

        clock.advance(Duration.ofMinutes(15));

        assertThat(loginResponse(user, PASSWORD, null).status()).isEqualTo(200);
    }

    @Test
    void anAdministrator_canLiftTheLock() {
        String org = unique("unlock");
        createOrg(org);
        String user = unique("unlock-user");
        createUser(adminToken(), org, user, "viewer");
        for (int i = 0; i < 5; i++) {
            loginResponse(user, "Wrong-Password-" + i, null);
        }
        assertThat(loginResponse(user, PASSWORD, null).status()).isEqualTo(423);

        Api.Response unlocked = api.post("/api/v1/orgs/" + org + "/users/" + user + "/unlock")
                .token(adminToken())
                .send();

        assertThat(unlocked.status()).isEqualTo(204);
        assertThat(loginResponse(user, PASSWORD, null).status()).isEqualTo(200);
        assertThat(audit("action=user.unlock&org=" + org)).hasSize(1);
    }

    @Test
    void unknownUserNames_lockToo_soThatAnswersDoNotRevealWhichExist() {
        String ghost = unique("ghost");
        for (int i = 0; i < 5; i++) {
            assertThat(loginResponse(ghost, "Wrong-Password-" + i, null).status())
                    .isEqualTo(401);
        }

        assertThat(loginResponse(ghost, "Wrong-Password-x", null).status()).isEqualTo(423);
    }

    @Test
    void failuresSpreadOverMoreThanTheWindow_doNotAddUp() {
        String org = unique("spread");
        createOrg(org);
        String user = unique("spread-user");
        createUser(adminToken(), org, user, "viewer");

        for (int i = 0; i < 8; i++) {
            assertThat(loginResponse(user, "Wrong-Password-" + i, null).status())
                    .isEqualTo(401);
            if (i % 4 == 3) {
                clock.advance(Duration.ofMinutes(16));
            }
        }

        assertThat(loginResponse(user, PASSWORD, null).status()).isEqualTo(200);
    }

    @Test
    void oneAddress_isLimitedTo30AttemptsAMinute() {
        String ip = freshIp();
        for (int i = 0; i < 30; i++) {
            assertThat(attempt(ip, unique("spray"), "Wrong-Password-1").status())
                    .isEqualTo(401);
        }

        Api.Response limited = attempt(ip, ADMIN, ADMIN_PASSWORD);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.problemType()).isEqualTo("https://shopwatch.io/problems/rate-limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(attempt(freshIp(), ADMIN, ADMIN_PASSWORD).status())
                .as("other addresses are not affected")
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(61));
        assertThat(attempt(ip, ADMIN, ADMIN_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void fiftyFailuresFromOneAddress_blockIt_forEveryUserName() {
        String ip = freshIp();
        for (int i = 0; i < 50; i++) {
            attempt(ip, unique("stuffing"), "Wrong-Password-1");
            if (i % 25 == 24) {
                clock.advance(Duration.ofSeconds(61));
            }
        }

        Api.Response blocked = attempt(ip, ADMIN, ADMIN_PASSWORD);

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.json().path("detail").asString()).contains("too many failed logins");
        assertThat(audit("action=auth.lockout")).anySatisfy(e -> {
            assertThat(e.path("details").path("scope").asString()).isEqualTo("address");
            assertThat(e.path("target").asString()).isEqualTo(ip);
        });
        clock.advance(Duration.ofMinutes(15));
        assertThat(attempt(ip, ADMIN, ADMIN_PASSWORD).status()).isEqualTo(200);
    }

    private Api.Response attempt(String ip, String username, String password) {
        return api.post("/api/v1/auth/login")
                .from(ip)
                .body(Map.of("username", username, "password", password))
                .send();
    }
}

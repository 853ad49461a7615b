package io.shopwatch.logging.shippers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.servlet.IdentityAuthentication;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;

class ShipperRequestsTest {

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private static void caller(String org, boolean platformAdmin) {
        Identity identity =
                new Identity("apikey:k1", org, Set.of(Role.INGEST), AuthKind.API_KEY, platformAdmin, "t", Instant.MAX);
        SecurityContextHolder.getContext().setAuthentication(new IdentityAuthentication(identity));
    }

    @Test
    void fromPath_ownOrg_isTaken() {
        caller("shop-a", false);
        assertThat(ShipperRequests.orgFromPath("shop-a")).isEqualTo("shop-a");
    }

    @Test
    void fromPath_otherOrg_isForbidden_butNotForAPlatformAdministrator() {
        caller("shop-a", false);
        assertThatThrownBy(() -> ShipperRequests.orgFromPath("shop-b"))
                .isInstanceOfSatisfying(
                        ShopWatchException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN));

        caller("default", true);
        assertThat(ShipperRequests.orgFromPath("shop-b")).isEqualTo("shop-b");
    }

    @Test
    void fromPath_withoutTokenChecks_takesThePath_ifItCanBeAnOrg() {
        assertThat(ShipperRequests.orgFromPath("shop-b")).isEqualTo("shop-b");
        assertThatThrownBy(() -> ShipperRequests.orgFromPath("a b"))
                .isInstanceOfSatisfying(
                        ShopWatchException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.VALIDATION));
    }
}

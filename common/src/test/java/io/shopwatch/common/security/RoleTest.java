package io.shopwatch.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void satisfies_followsTheHierarchy_andKeepsIngestApart() {
        assertThat(Role.ADMIN.satisfies(Role.OPERATOR)).isTrue();
        assertThat(Role.ADMIN.satisfies(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.satisfies(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.satisfies(Role.OPERATOR)).isFalse();
        assertThat(Role.OPERATOR.satisfies(Role.ADMIN)).isFalse();
        assertThat(Role.ADMIN.satisfies(Role.INGEST))
                .as("ingest is for machines only")
                .isFalse();
        assertThat(Role.INGEST.satisfies(Role.VIEWER)).isFalse();
        assertThat(Role.INGEST.satisfies(Role.INGEST)).isTrue();
    }

    @Test
    void fromId_isCaseInsensitive_andRejectsUnknownRoles() {
        assertThat(Role.fromId(" Admin ")).contains(Role.ADMIN);
        assertThat(Role.fromId("root")).isEmpty();
        assertThat(Role.fromId(null)).isEmpty();
    }

    @Test
    void identity_mayActInItsOwnOrgOrAnyAsPlatformAdmin() {
        Identity operator =
                new Identity("op", "acme", java.util.Set.of(Role.OPERATOR), AuthKind.USER, false, null, null);
        Identity platform =
                new Identity("root", "default", java.util.Set.of(Role.ADMIN), AuthKind.USER, true, null, null);

        assertThat(operator.may(Role.VIEWER, "acme")).isTrue();
        assertThat(operator.may(Role.VIEWER, "globex")).isFalse();
        assertThat(operator.may(Role.ADMIN, "acme")).isFalse();
        assertThat(platform.may(Role.ADMIN, "globex")).isTrue();
    }
}

package io.shopwatch.common.security;

import java.util.Locale;
import java.util.Optional;

/**
 * The roles a user or an API key holds in one organisation. {@code admin} includes everything {@code operator} may do,
 * {@code operator} everything {@code viewer} may do; {@code ingest} only writes telemetry and includes nothing else.
 */
public enum Role {
    ADMIN("admin", 3),
    OPERATOR("operator", 2),
    VIEWER("viewer", 1),
    INGEST("ingest", 0);

    private final String id;
    private final int rank;

    Role(String id, int rank) {
        this.id = id;
        this.rank = rank;
    }

    /** The name on the wire and in the {@code roles} claim. */
    public String id() {
        return id;
    }

    /** Whether holding this role is enough for an action that needs {@code required}. */
    public boolean satisfies(Role required) {
        if (this == required) {
            return true;
        }
        return this != INGEST && required != INGEST && rank >= required.rank;
    }

    public static Optional<Role> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.id.equals(wanted)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}

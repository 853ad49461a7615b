package io.shopwatch.auth.user;

import io.shopwatch.common.security.Role;
import java.time.Instant;

/** A user's role in one organisation. */
public record Binding(
        long userId,
        String username,
        String org,
        Role role,
        boolean disabled,
        boolean platformAdmin,
        boolean bootstrap,
        Instant createdAt,
        Instant updatedAt) {}

package io.shopwatch.common.security;

import java.util.Optional;

/**
 * What authenticated: a person who logged in, an API key exchanged for a token by the gateway, or one of the platform's
 * own services with the platform credentials on a read path ({@code PlatformCredentialFilter}; never in a token).
 */
public enum AuthKind {
    USER("user"),
    API_KEY("api_key"),
    PLATFORM("platform");

    private final String id;

    AuthKind(String id) {
        this.id = id;
    }

    /** The value of the {@code kind} claim. */
    public String id() {
        return id;
    }

    public static Optional<AuthKind> fromId(String id) {
        for (AuthKind kind : values()) {
            if (kind.id.equals(id)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}

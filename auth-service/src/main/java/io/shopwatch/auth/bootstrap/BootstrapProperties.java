package io.shopwatch.auth.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The settings that decide whether auth-service may start: the first administrator and the two secrets (together
 * with {@code shopwatch.dev-mode}, read by {@link BootstrapConfiguration}).
 *
 * @param admin the bootstrap administrator, a platform administrator and admin of org {@code default}
 * @param secretKey encrypts the token signing keys at rest ({@code SHOPWATCH_SECRET_KEY})
 * @param internalSecret what the gateway presents on {@code /internal/**} ({@code SHOPWATCH_INTERNAL_SECRET})
 */
@ConfigurationProperties("shopwatch.auth")
public record BootstrapProperties(Admin admin, String secretKey, String internalSecret) {

    public BootstrapProperties {
        admin = admin == null ? new Admin(null, null) : admin;
    }

    /** The bootstrap administrator ({@code SHOPWATCH_ADMIN_USER} / {@code SHOPWATCH_ADMIN_PASSWORD}). */
    public record Admin(String username, String password) {}
}

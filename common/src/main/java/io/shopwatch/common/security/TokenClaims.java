package io.shopwatch.common.security;

/**
 * The access-token contract. Access tokens are JWS compact tokens signed with {@value #ALGORITHM}; the header carries
 * the {@code kid} of the signing key, published in auth-service's JWK set until every token it signed has expired.
 * Registered claims: {@code iss}, {@code aud}, {@code sub}, {@code iat}, {@code nbf}, {@code exp}, {@code jti}.
 */
public final class TokenClaims {

    /** The only accepted {@code alg}. */
    public static final String ALGORITHM = "RS256";

    /** The organisation (tenant) the token acts in; every request is scoped to it. */
    public static final String ORG = "org";

    /** The roles held in {@link #ORG}, as a JSON array of role ids ({@code admin}, {@code operator}, ...). */
    public static final String ROLES = "roles";

    /** {@code user} or {@code api_key}. */
    public static final String KIND = "kind";

    /** {@code true} for a platform administrator; absent otherwise. */
    public static final String PLATFORM_ADMIN = "platform_admin";

    /** Organisation names: lower-case letters, digits, {@code _} and {@code -}, starting with a letter or digit. */
    public static final String ORG_PATTERN = "[a-z0-9][a-z0-9_-]{0,62}";

    private TokenClaims() {}
}

package io.shopwatch.auth.session;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The answer to login and refresh.
 *
 * @param expiresIn seconds until the access token expires
 * @param refreshExpiresIn seconds until the refresh token expires
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenPair(
        String accessToken, String refreshToken, String tokenType, long expiresIn, long refreshExpiresIn) {

    @Override
    public String toString() {
        return "TokenPair[values hidden, expiresIn=" + expiresIn + "]";
    }
}

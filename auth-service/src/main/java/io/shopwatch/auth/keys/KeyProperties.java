package io.shopwatch.auth.keys;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Token signing keys.
 *
 * @param rotationInterval a new key is generated when the signing key is this old; {@code 0} turns scheduled rotation
 *     off (the rotation endpoint still works)
 * @param rotationCheckInterval how often the age of the signing key is checked
 * @param reloadInterval how often a replica reloads the key set from the database (to pick up another replica's
 *     rotation)
 * @param rsaKeySize RSA modulus size in bits
 */
@Validated
@ConfigurationProperties("shopwatch.auth.keys")
public record KeyProperties(
        @NotNull Duration rotationInterval,
        @NotNull Duration rotationCheckInterval,
        @NotNull Duration reloadInterval,
        @Min(2048) int rsaKeySize) {}

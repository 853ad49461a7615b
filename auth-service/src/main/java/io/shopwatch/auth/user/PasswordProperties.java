package io.shopwatch.auth.user;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Password policy.
 *
 * @param minLength shortest password accepted for users and the bootstrap administrator
 */
@Validated
@ConfigurationProperties("shopwatch.auth.passwords")
public record PasswordProperties(
        @Min(8) @Max(PasswordPolicy.MAX_LENGTH) int minLength) {}

package io.shopwatch.gateway.body;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Request body limit.
 *
 * @param maxSize largest request body the gateway forwards; larger ones are refused with 413
 */
@Validated
@ConfigurationProperties("shopwatch.gateway.body")
public record BodyLimitProperties(@NotNull DataSize maxSize) {

    public BodyLimitProperties {
        if (maxSize != null && maxSize.toBytes() <= 0) {
            throw new IllegalArgumentException("shopwatch.gateway.body.max-size must be positive, was " + maxSize);
        }
    }
}

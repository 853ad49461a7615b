package io.shopwatch.gateway.resilience;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Answers of the circuit breaker fallback.
 *
 * @param retryAfter Retry-After sent when a service is unreachable or too slow; an open circuit breaker sends its own
 *     wait duration instead
 */
@Validated
@ConfigurationProperties("shopwatch.gateway.fallback")
public record FallbackProperties(@NotNull Duration retryAfter) {}
